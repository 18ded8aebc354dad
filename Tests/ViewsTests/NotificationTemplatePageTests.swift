@testable import Domain
import TestSupport
import Testing
import Views

@Suite("Notification template pages")
struct NotificationTemplatePageTests {
    let renderer: PageRenderer

    init() throws {
        renderer = try PageRenderer(templatesDirectory: TestEnvironment.repositoryRoot + "/templates")
    }

    @Test("staff HTML in the preview is escaped text and a sandboxed srcdoc, never markup of the portal's page")
    func previewIsInert() throws {
        let event = try #require(NotificationCatalog.event("order.placed"))
        var template = NotificationTemplate.shipped(event, channel: "email")
        template.html = "<p>{{name}}</p><script>alert(1)</script>"
        let html = try renderer.render(NotificationTemplatePage(
            template, typed: ["text": "{{#x}}y{{/x}} {{nope}}"], preview: template.render(event.samples), errors: [FieldIssue(field: "text", message: "bad")],
            csrfToken: "c"))
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains(#"sandbox="" referrerpolicy="no-referrer" srcdoc="&lt;p&gt;Ada Lovelace&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;""#))
        #expect(html.contains(#"<p class="field-error" id="text-error">bad</p>"#))
        #expect(html.contains(">{{#x}}y{{/x}} {{nope}}</textarea>"), "the typed text is shown as typed")
        #expect(html.contains("<code>{{order_id}}</code>"))
    }

    @Test("the list shows SMS templates only for events sent by SMS")
    func listChannels() throws {
        let templates = NotificationCatalog.events.flatMap { event in ["email", "sms"].map { NotificationTemplate.shipped(event, channel: $0) } }
        let html = try renderer.render(NotificationTemplateListPage(templates))
        #expect(html.contains(#"id="template-order-placed-email""#))
        #expect(!html.contains(#"id="template-order-placed-sms""#))
        #expect(html.contains(#"id="template-payment-failed-sms""#))
        #expect(html.contains(#"id="template-staff-order-new-email""#))
    }
}
