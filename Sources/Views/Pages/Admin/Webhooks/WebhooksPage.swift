import Domain

/// `/admin/webhooks`: the subscriptions (staff read; admins subscribe, unsubscribe, ping,
/// redeliver, enable, change the settings), one subscription's delivery log under `?id=`, and a new secret once.
public struct WebhooksPage: PageModel {
    public let template = "admin/webhooks"
    public let title = "Webhooks"

    public struct Row: Sendable {
        public var id: Int
        public var url: String
        public var events: String
        public var enabled: Bool
        public var state: String
        public var failures: Int
        public var created: String
        public var isSelected: Bool
    }

    public struct Delivery: Sendable {
        public var id: Int
        public var eventID: String
        public var type: String
        public var attempt: Int
        public var status: String
        public var isOK: Bool
        public var duration: String
        public var when: String
        public var request: String
        public var response: String
    }

    public var rows: [Row]
    public var isEmpty: Bool
    public var selectedID: Int?
    public var hasSelection: Bool
    public var deliveries: [Delivery]
    public var hasDeliveries: Bool
    public var isAdmin: Bool
    public var eventTypes: String
    /// The settings form (admins): private targets allowed, failures before disabling.
    public var allowPrivateTargets: Bool
    public var maxConsecutiveFailures: Int
    public var url: String
    public var events: String
    /// The secret of a subscription just made (shown this once).
    public var secret: String?
    public var alert: String?
    public var notice: String?
    public var csrfToken: String

    public init(subscriptions: [WebhookSubscription], selected: Int?, deliveries: [WebhookDeliveryLog], isAdmin: Bool, settings: WebhookSettings,
                submitted: [String: String] = [:], secret: String? = nil, alert: String? = nil, notice: String? = nil, csrfToken: String) {
        rows = subscriptions.map {
            Row(id: $0.id, url: $0.url, events: $0.events.joined(separator: ", "), enabled: $0.enabled,
                state: $0.enabled ? "enabled" : "disabled: " + $0.disabledReason, failures: $0.consecutiveFailures,
                created: Display.dateTime($0.createdAt), isSelected: $0.id == selected)
        }
        isEmpty = subscriptions.isEmpty
        selectedID = selected
        hasSelection = selected != nil
        self.deliveries = deliveries.map {
            Delivery(id: $0.id, eventID: $0.eventID, type: $0.type, attempt: $0.attempt, status: $0.status.map { "HTTP \($0)" } ?? $0.error,
                     isOK: $0.status.map { (200..<300).contains($0) } ?? false, duration: "\($0.durationMS) ms",
                     when: Display.dateTime($0.createdAt), request: $0.headers + "\n\n" + $0.body, response: $0.responseBody)
        }
        hasDeliveries = !deliveries.isEmpty
        self.isAdmin = isAdmin
        eventTypes = (["*"] + WebhookEventType.all).joined(separator: ", ")
        allowPrivateTargets = settings.allowPrivateTargets
        maxConsecutiveFailures = settings.maxConsecutiveFailures
        url = submitted["url"] ?? ""
        events = submitted["events"] ?? ""
        self.secret = secret
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
