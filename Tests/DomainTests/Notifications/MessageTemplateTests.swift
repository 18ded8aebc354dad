@testable import Domain
import Foundation
import Testing

@Suite("Notification templates render variables only: hostile templates and names are harmless")
struct MessageTemplateTests {
    @Test("sections, partials, unescaped tags and delimiter changes render nothing and are reported; unknown names render empty")
    func hostileTemplate() {
        let nested = String(repeating: "{{#items}}", count: 5_000) + "x" + String(repeating: "{{/items}}", count: 5_000)
        let source = "A{{>layout}}B{{{name}}}C{{&name}}D{{=<% %>=}}E{{! note }}F{{^name}}G{{ name }}H{{password}}I{{lambda.call}}J" + nested
        let started = Date()
        let result = MessageTemplate(source).render(["name": "Ada", "items": "1"], as: .html)
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(result.output.hasPrefix("ABCDEFGAdaHIJx"))
        #expect(result.output.count == "ABCDEFGAdaHIJx".count)
        #expect(result.unknownNames == ["password", "lambda.call"])
        #expect(result.refusedTags.contains("{{>layout}}") && result.refusedTags.contains("{{{name}}}") && result.refusedTags.contains("{{#items}}"))
        #expect(!MessageTemplate(source).refusedTags.isEmpty)
        #expect(MessageTemplate("Hello {{name}}, {{ invoice_number }}").refusedTags.isEmpty)
    }

    @Test("a hostile customer name (CR/LF, HTML, 10 KB) stays one subject line, is escaped in HTML, and the output is capped")
    func hostileName() {
        let name = "Eve\r\nBcc: spy@example.test\n<script>alert(1)</script>" + String(repeating: "é", count: 10_000)
        let subject = MessageTemplate("Hi {{name}}\r\nX-Evil: 1").render(["name": name], as: .subject).output
        #expect(!subject.contains("\r") && !subject.contains("\n"))
        let html = MessageTemplate("<p>{{name}}</p>").render(["name": name], as: .html).output
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
        let text = MessageTemplate("{{name}}").render(["name": name], as: .text).output
        #expect(text == name)

        let huge = MessageTemplate(String(repeating: "{{name}}", count: 20_000))
        let started = Date()
        let rendered = huge.render(["name": name], as: .html)
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(rendered.truncated && rendered.output.utf8.count <= MessageTemplate.outputLimit)
    }

    @Test("the shipped templates use only their own variables, and none offers a password or credential")
    func shippedTemplates() {
        for event in NotificationCatalog.events {
            #expect(!event.variables.contains { $0.contains("password") || $0.contains("token") || $0.contains("secret") })
            for channel in NotificationTemplates.channels {
                let rendered = NotificationTemplate.shipped(event, channel: channel).render(event.samples)
                #expect(rendered.unknownNames.isEmpty, "\(event.key)/\(channel)")
                #expect(rendered.subject.refusedTags.isEmpty && rendered.text.refusedTags.isEmpty && rendered.html.refusedTags.isEmpty)
            }
        }
    }
}
