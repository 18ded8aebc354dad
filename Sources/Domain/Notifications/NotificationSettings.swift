import Postgres

/// How email leaves the portal (`notification_settings`, one row): written as `.eml` files
/// (`file`, the default) or sent over SMTP. The SMTP password is stored sealed and never shown back.
public struct NotificationSettings: Sendable, Equatable, Encodable {
    public enum Transport: String, Sendable, CaseIterable, Encodable { case file, smtp }
    /// `none` (plain), `starttls` (upgrade required), `tls` (implicit TLS, `smtps://`).
    public enum Security: String, Sendable, CaseIterable, Encodable { case none, starttls, tls }

    public var transport: Transport
    public var smtpHost: String
    public var smtpPort: Int
    public var smtpSecurity: Security
    public var smtpUsername: String
    /// Whether a password is stored (it is never read back).
    public var hasPassword: Bool
    public var fromName: String
    public var fromAddress: String
    /// Where links in messages point (`https://portal.example.com`).
    public var portalURL: String

    enum CodingKeys: String, CodingKey {
        case transport, smtpHost = "smtp_host", smtpPort = "smtp_port", smtpSecurity = "smtp_security", smtpUsername = "smtp_username"
        case hasPassword = "smtp_password_set", fromName = "from_name", fromAddress = "from_address", portalURL = "portal_url"
    }

    static let columns = """
        email_transport, smtp_host, smtp_port, smtp_security, smtp_username, smtp_password_sealed IS NOT NULL AS has_password,
        from_name, from_address, portal_url
        """

    /// The stored settings.
    public static func load(on connection: PostgresConnection) throws -> NotificationSettings {
        let row = try connection.query("SELECT \(unescaped: columns) FROM notification_settings WHERE id = 1")[0]
        return NotificationSettings(
            transport: Transport(rawValue: try row.decode(String.self, "email_transport")) ?? .file,
            smtpHost: try row.decode(String.self, "smtp_host"), smtpPort: try row.decode(Int.self, "smtp_port"),
            smtpSecurity: Security(rawValue: try row.decode(String.self, "smtp_security")) ?? .starttls,
            smtpUsername: try row.decode(String.self, "smtp_username"), hasPassword: try row.decode(Bool.self, "has_password"),
            fromName: try row.decode(String.self, "from_name"), fromAddress: try row.decode(String.self, "from_address"),
            portalURL: try row.decode(String.self, "portal_url"))
    }

    /// The SMTP password opened with `box`, or nil when none is stored.
    static func smtpPassword(box: SecretBox, on connection: PostgresConnection) throws -> String? {
        guard let sealed = try connection.query("SELECT smtp_password_sealed FROM notification_settings WHERE id = 1")[0]
            .decode(PostgresBytes?.self, "smtp_password_sealed") else { return nil }
        return try box.openText(sealed.bytes, context: passwordContext)
    }

    static let passwordContext = "notification_settings.smtp_password"
}
