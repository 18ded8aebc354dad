import Postgres

/// Changing how email leaves (admin only; the route asks for a 2FA code): checked, audited without the password.
extension NotificationSettings {
    /// Fields to change; nil leaves a field as it is. `smtpPassword` "" removes the stored password.
    public struct Change: Sendable {
        public var transport: Transport?
        public var smtpHost: String?
        public var smtpPort: Int?
        public var smtpSecurity: Security?
        public var smtpUsername: String?
        public var smtpPassword: String?
        public var fromName: String?
        public var fromAddress: String?
        public var portalURL: String?
        public init() {}
    }

    /// Applies `change` for admin `caller`, sealing a new password with `box`; returns the settings after it.
    public static func update(_ change: Change, box: SecretBox, for caller: Caller) throws -> NotificationSettings {
        _ = try caller.admin()
        var issues: [FieldIssue] = []
        if let host = change.smtpHost, host.utf8.count > 253 || !host.utf8.allSatisfy({ isHostByte($0) }) {
            issues.append(FieldIssue(field: "smtp_host", message: "must be a host name or an IP address"))
        }
        if let port = change.smtpPort, !(1...65535).contains(port) { issues.append(FieldIssue(field: "smtp_port", message: "must be 1 to 65535")) }
        if let name = change.smtpUsername, name.count > 200 || name.contains(where: \.isNewline) {
            issues.append(FieldIssue(field: "smtp_username", message: "must be one line of at most 200 characters"))
        }
        if let password = change.smtpPassword, password.count > 500 || password.contains(where: \.isNewline) {
            issues.append(FieldIssue(field: "smtp_password", message: "must be one line of at most 500 characters"))
        }
        if let name = change.fromName, name.count > 200 || name.contains(where: { $0.isNewline }) {
            issues.append(FieldIssue(field: "from_name", message: "must be one line of at most 200 characters"))
        }
        if let address = change.fromAddress, (try? MailAddress(address)) == nil {
            issues.append(FieldIssue(field: "from_address", message: "is not a valid email address"))
        }
        if let url = change.portalURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) || url.count > 200
            || url.contains(where: { $0.isWhitespace || $0.asciiValue == nil }) {
            issues.append(FieldIssue(field: "portal_url", message: "must be an http:// or https:// address"))
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        return try caller.connection.transaction { connection in
            let before = try load(on: connection)
            let sealed = try change.smtpPassword.map { $0.isEmpty ? nil : PostgresBytes(try box.seal($0, context: passwordContext)) }
            try connection.query(
                """
                UPDATE notification_settings SET email_transport = coalesce(\(change.transport?.rawValue), email_transport),
                       smtp_host = coalesce(\(change.smtpHost), smtp_host), smtp_port = coalesce(\(change.smtpPort), smtp_port),
                       smtp_security = coalesce(\(change.smtpSecurity?.rawValue), smtp_security),
                       smtp_username = coalesce(\(change.smtpUsername), smtp_username),
                       smtp_password_sealed = CASE WHEN \(change.smtpPassword != nil) THEN \(sealed ?? nil) ELSE smtp_password_sealed END,
                       from_name = coalesce(\(change.fromName), from_name), from_address = coalesce(\(change.fromAddress), from_address),
                       portal_url = coalesce(\(change.portalURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }), portal_url),
                       updated_at = now()
                WHERE id = 1
                """)
            let after = try load(on: connection)
            try AuditLog.record(on: connection, actor: caller.actor, action: "settings.notifications", targetType: "settings", targetID: "notifications",
                                before: before.audited, after: after.audited.merging(["password_changed": String(change.smtpPassword != nil)]) { $1 },
                                origin: caller.origin)
            return after
        }
    }

    private var audited: [String: String] {
        ["transport": transport.rawValue, "smtp_host": smtpHost, "smtp_port": String(smtpPort), "smtp_security": smtpSecurity.rawValue,
         "smtp_username": smtpUsername, "from_name": fromName, "from_address": fromAddress, "portal_url": portalURL]
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x3A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2E || byte == 0x2D
            || byte == 0x5B || byte == 0x5D
    }
}
