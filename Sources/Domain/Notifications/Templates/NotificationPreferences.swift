import Postgres

/// Which optional messages a customer gets. Required events (security, invoices, staff) are
/// always sent and never stored here; an optional one is its default until the customer chooses.
public enum NotificationPreferences {
    /// One optional event and whether this customer gets it.
    public struct Choice: Sendable, Equatable, Encodable {
        public var event: String
        public var title: String
        public var enabled: Bool
    }

    /// Whether `customerID` gets `event`.
    static func wants(_ event: NotificationEvent, customerID: Int, on connection: PostgresConnection) throws -> Bool {
        guard !event.required else { return true }
        return try connection.query("SELECT enabled FROM notification_preferences WHERE user_id = \(customerID) AND event = \(event.key)")
            .firstRow?.decode(Bool.self, "enabled") ?? event.onByDefault
    }

    /// The caller's optional events with their choice.
    public static func list(for caller: Caller) throws -> [Choice] {
        try choices(of: try caller.signedIn().id, on: caller.connection)
    }

    /// Staff: customer `customerID`'s optional events with their choice (404 for no such customer).
    public static func list(customerID: Int, for caller: Caller) throws -> [Choice] {
        _ = try caller.staff()
        guard try caller.connection.query("SELECT 1 FROM users WHERE id = \(customerID) AND role = 'customer'").count == 1 else {
            throw DomainError.notFound("no such customer")
        }
        return try choices(of: customerID, on: caller.connection)
    }

    private static func choices(of userID: Int, on connection: PostgresConnection) throws -> [Choice] {
        try optional.map { Choice(event: $0.key, title: $0.title, enabled: try wants($0, customerID: userID, on: connection)) }
    }

    /// Sets the caller's choices (`event` → `true`/`false`); a required or unknown event is refused by name.
    public static func update(_ input: [String: String], for caller: Caller) throws -> [Choice] {
        let user = try caller.signedIn()
        var changes: [(String, Bool)] = []
        var issues: [FieldIssue] = []
        for (key, value) in input.sorted(by: { $0.key < $1.key }) {
            guard let event = NotificationCatalog.event(key), event.audience == .customer else {
                issues.append(FieldIssue(field: key, message: "is not a notification")); continue
            }
            guard !event.required else { issues.append(FieldIssue(field: key, message: "is required and cannot be turned off")); continue }
            guard let enabled = ["true": true, "false": false][value] else { issues.append(FieldIssue(field: key, message: "must be true or false")); continue }
            changes.append((key, enabled))
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        try caller.connection.transaction { connection in
            for (event, enabled) in changes {
                try connection.query(
                    """
                    INSERT INTO notification_preferences (user_id, event, enabled) VALUES (\(user.id), \(event), \(enabled))
                    ON CONFLICT (user_id, event) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()
                    """)
            }
        }
        return try list(for: caller)
    }

    static var optional: [NotificationEvent] { NotificationCatalog.events.filter { $0.audience == .customer && !$0.required } }
}
