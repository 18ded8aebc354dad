import Postgres

/// An admin changes how email leaves (2FA step-up, audited without the password). Input is text
/// by field name; absent fields stay. An empty `smtp_password` removes the stored one.
public struct NotificationSettingsChange: Sendable {
    public let box: SecretBox
    public let twoFactor: TwoFactor

    public init(box: SecretBox, twoFactor: TwoFactor) {
        self.box = box
        self.twoFactor = twoFactor
    }

    /// The field names the settings take.
    public static let fields = ["transport", "smtp_host", "smtp_port", "smtp_security", "smtp_username", "smtp_password",
                                "from_name", "from_address", "portal_url"]

    /// Checks `input`, then saves it under `code`; returns the settings as saved.
    public func update(_ input: [String: String], by caller: Caller, code: String?) throws -> NotificationSettings {
        let admin = try caller.admin()
        var after = try NotificationSettings.load(on: caller.connection)
        var issues: [FieldIssue] = []
        func line(_ field: String, max: Int, _ valid: (String) -> Bool = { _ in true }) -> String? {
            guard let text = input[field]?.trimmingCharacters(in: .whitespaces) else { return nil }
            guard text.count <= max, !text.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 } == true }), valid(text) else {
                issues.append(FieldIssue(field: field, message: field == "from_address" ? "is not a valid email address"
                    : field == "portal_url" ? "must be an http:// or https:// address" : "is not valid here (one line, at most \(max) characters)"))
                return nil
            }
            return text
        }
        if let text = input["transport"] {
            if let transport = NotificationSettings.Transport(rawValue: text) { after.transport = transport } else {
                issues.append(FieldIssue(field: "transport", message: "must be file or smtp"))
            }
        }
        if let text = input["smtp_security"] {
            if let security = NotificationSettings.Security(rawValue: text) { after.smtpSecurity = security } else {
                issues.append(FieldIssue(field: "smtp_security", message: "must be none, starttls or tls"))
            }
        }
        if let text = input["smtp_port"] {
            if let port = Int(text), (1...65535).contains(port) { after.smtpPort = port } else {
                issues.append(FieldIssue(field: "smtp_port", message: "must be a port from 1 to 65535"))
            }
        }
        if let host = line("smtp_host", max: 253, { $0.utf8.allSatisfy(Self.isHostByte) }) { after.smtpHost = host }
        if let name = line("smtp_username", max: 200) { after.smtpUsername = name }
        let password = line("smtp_password", max: 500)
        if let name = line("from_name", max: 200) { after.fromName = name }
        if let address = line("from_address", max: 254, { (try? MailAddress($0)) != nil }) { after.fromAddress = address }
        if let url = line("portal_url", max: 200, { ($0.hasPrefix("http://") || $0.hasPrefix("https://")) && !$0.contains(" ") && $0.count > 8 }) {
            after.portalURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if after.transport == .smtp && after.smtpHost.isEmpty { issues.append(FieldIssue(field: "smtp_host", message: "SMTP needs a host")) }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        let sealed = try password.map { $0.isEmpty ? nil : PostgresBytes(try box.seal($0, context: NotificationSettings.passwordContext)) }
        return try StepUp.run(on: caller.connection, actor: admin, code: code, twoFactor: twoFactor, origin: caller.origin,
                              action: "settings.notifications") { connection in
            let before = try NotificationSettings.load(on: connection)
            try connection.query(
                """
                UPDATE notification_settings SET email_transport = \(after.transport.rawValue), smtp_host = \(after.smtpHost),
                       smtp_port = \(after.smtpPort), smtp_security = \(after.smtpSecurity.rawValue), smtp_username = \(after.smtpUsername),
                       smtp_password_sealed = CASE WHEN \(password != nil) THEN \(sealed ?? nil) ELSE smtp_password_sealed END,
                       from_name = \(after.fromName), from_address = \(after.fromAddress), portal_url = \(after.portalURL), updated_at = now()
                WHERE id = 1
                """)
            let saved = try NotificationSettings.load(on: connection)
            try AuditLog.record(on: connection, actor: Actor(admin), action: "settings.notifications", targetType: "settings",
                                targetID: "notifications", before: before, after: saved, origin: caller.origin)
            return saved
        }
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || [0x2E, 0x2D, 0x3A, 0x5B, 0x5D].contains(byte)
    }
}
