/// The wording of one event on one channel: staff's own (`customized`) or the shipped default.
public struct NotificationTemplate: Sendable, Equatable, Encodable {
    public var event: String
    public var channel: String
    public var subject: String
    public var text: String
    public var html: String
    public var customized: Bool
    /// The names this event offers.
    public var variables: [String]

    enum CodingKeys: String, CodingKey { case event, channel, subject, text, html, customized, variables }

    /// The shipped wording of `event` on `channel` (SMS: its subject and link as one short text).
    public static func shipped(_ event: NotificationEvent, channel: String) -> NotificationTemplate {
        if channel == "sms" {
            let text = event.subject + (event.samples["link"] != nil ? " {{link}}" : "")
            return NotificationTemplate(event: event.key, channel: channel, subject: "", text: text, html: "", customized: false, variables: event.variables)
        }
        return NotificationTemplate(event: event.key, channel: channel, subject: event.subject, text: event.text, html: event.html,
                                    customized: false, variables: event.variables)
    }

    /// Renders the three parts with `values`.
    public func render(_ values: [String: String]) -> RenderedNotification {
        RenderedNotification(subject: MessageTemplate(subject).render(values, as: .subject),
                             text: MessageTemplate(text).render(values, as: .text),
                             html: MessageTemplate(html).render(values, as: .html))
    }
}

/// A template rendered: each part with what it met (unknown names, refused tags).
public struct RenderedNotification: Sendable, Equatable, Encodable {
    public var subject: MessageTemplate.Rendering
    public var text: MessageTemplate.Rendering
    public var html: MessageTemplate.Rendering

    /// Unknown names over all parts, each once.
    public var unknownNames: [String] {
        var seen: [String] = []
        for name in subject.unknownNames + text.unknownNames + html.unknownNames where !seen.contains(name) { seen.append(name) }
        return seen
    }
}
