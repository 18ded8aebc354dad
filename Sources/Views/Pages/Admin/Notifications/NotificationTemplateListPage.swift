import Domain

/// `/admin/settings/notifications/templates` (admins): every event (customers' and staff's) on
/// each channel it is sent by — email always, SMS where the event allows — and whether staff
/// changed the shipped wording.
public struct NotificationTemplateListPage: PageModel {
    public let template = "admin/notifications/templates"
    public let title = "Notification templates"

    /// One event on one channel.
    struct Row: Sendable {
        var id: String
        var event: String
        var eventTitle: String
        var audience: String
        var channel: String
        var customized: Bool
        var href: String
    }

    var rows: [Row]

    public init(_ templates: [NotificationTemplate]) {
        rows = templates.compactMap { template in
            guard let event = NotificationCatalog.event(template.event), template.channel == "email" || event.sms else { return nil }
            return Row(id: "template-" + template.event.replacingOccurrences(of: ".", with: "-") + "-" + template.channel, event: template.event,
                       eventTitle: event.title, audience: event.audience.rawValue, channel: template.channel, customized: template.customized,
                       href: NotificationTemplatePage.path(event: template.event, channel: template.channel))
        }
    }
}
