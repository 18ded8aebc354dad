import Domain

/// One event's wording on one channel (admins): the subject, text and HTML parts as a form, the
/// variables the event offers, and a preview rendered with the event's sample values. The HTML
/// preview is shown as escaped source and in a sandboxed `srcdoc` frame (no scripts, an opaque
/// origin), so staff HTML never runs in the portal's own origin.
public struct NotificationTemplatePage: PageModel {
    public let template = "admin/notifications/template"
    public let title: String

    /// The page's address for `event` on `channel`.
    public static func path(event: String, channel: String) -> String {
        "/admin/settings/notifications/templates/\(event)/\(channel)"
    }

    var action: String
    var eventKey: String
    var eventTitle: String
    var channel: String
    var isEmail: Bool
    var customized: Bool
    var variables: [String]
    var subject: String
    var text: String
    var html: String
    var subjectError: String?
    var textError: String?
    var htmlError: String?
    var previewSubject: String
    var previewText: String
    var previewHTML: String
    /// Names and tags the preview met that the template may not use.
    var previewWarnings: [String]
    var alert: String?
    var notice: String?
    var csrfToken: String

    /// The form for `stored`, showing `typed` parts instead when re-rendering, with `preview` of what is shown.
    public init(_ stored: NotificationTemplate, typed: [String: String] = [:], preview: RenderedNotification, errors: [FieldIssue] = [],
                alert: String? = nil, notice: String? = nil, csrfToken: String) {
        let event = NotificationCatalog.event(stored.event)
        title = "Template: \(event?.title ?? stored.event) (\(stored.channel))"
        action = Self.path(event: stored.event, channel: stored.channel)
        eventKey = stored.event
        eventTitle = event?.title ?? stored.event
        channel = stored.channel
        isEmail = stored.channel == "email"
        customized = stored.customized
        variables = stored.variables.map { "{{" + $0 + "}}" }
        subject = typed["subject"] ?? stored.subject
        text = typed["text"] ?? stored.text
        html = typed["html"] ?? stored.html
        let messages = FormErrors(errors)
        subjectError = messages["subject"]
        textError = messages["text"]
        htmlError = messages["html"]
        previewSubject = preview.subject.output
        previewText = preview.text.output
        previewHTML = preview.html.output
        let refused = preview.subject.refusedTags + preview.text.refusedTags + preview.html.refusedTags
        previewWarnings = preview.unknownNames.map { "{{\($0)}} is not a variable of this event (shown empty)" }
            + refused.map { "\($0) is not allowed (shown as nothing)" }
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
