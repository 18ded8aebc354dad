import Postgres

/// The SMS provider (a Twilio-shaped API) in `notification_settings`: base URL, account SID,
/// the sealed auth token (never shown back) and the sender number. Admins change it (2FA, audited).
public struct SMSSettings: Sendable, Equatable, Encodable {
    public var baseURL: String
    public var accountSID: String
    /// Whether a token is stored.
    public var hasToken: Bool
    public var from: String

    enum CodingKeys: String, CodingKey { case baseURL = "base_url", accountSID = "account_sid", hasToken = "token_set", from }

    /// The field names a change takes.
    public static let fields = ["base_url", "account_sid", "token", "from"]
    static let tokenContext = "notification_settings.sms_token"

    /// Whether messages can be sent.
    public var configured: Bool { !baseURL.isEmpty && !accountSID.isEmpty && hasToken && !from.isEmpty }

    public static func load(on connection: PostgresConnection) throws -> SMSSettings {
        let row = try connection.query(
            "SELECT sms_base_url, sms_account_sid, sms_token_sealed IS NOT NULL AS has_token, sms_from FROM notification_settings WHERE id = 1")[0]
        return SMSSettings(baseURL: try row.decode(String.self, "sms_base_url"), accountSID: try row.decode(String.self, "sms_account_sid"),
                           hasToken: try row.decode(Bool.self, "has_token"), from: try row.decode(String.self, "sms_from"))
    }

    /// The auth token opened with `box`, or nil.
    static func token(box: SecretBox, on connection: PostgresConnection) throws -> String? {
        guard let sealed = try connection.query("SELECT sms_token_sealed FROM notification_settings WHERE id = 1")[0]
            .decode(PostgresBytes?.self, "sms_token_sealed") else { return nil }
        return try box.openText(sealed.bytes, context: tokenContext)
    }

    /// Admins: checks `input` and saves it under step-up `code`; returns the settings as saved.
    public static func update(_ input: [String: String], box: SecretBox, twoFactor: TwoFactor, by caller: Caller, code: String?) throws -> SMSSettings {
        let admin = try caller.admin()
        var after = try load(on: caller.connection)
        var issues: [FieldIssue] = []
        if let url = input["base_url"] {
            let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
            if trimmed.isEmpty || ((trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://")) && trimmed.count <= 200
                && !trimmed.contains(where: { $0.isWhitespace || $0.asciiValue == nil })) { after.baseURL = trimmed } else {
                issues.append(FieldIssue(field: "base_url", message: "must be an http:// or https:// address"))
            }
        }
        if let sid = input["account_sid"] {
            if sid.count <= 64, sid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { after.accountSID = sid } else {
                issues.append(FieldIssue(field: "account_sid", message: "must be letters and digits (at most 64)"))
            }
        }
        if let from = input["from"] {
            if from.isEmpty || PhoneNumber.isValid(from) { after.from = from } else {
                issues.append(FieldIssue(field: "from", message: "must be a number like +4915112345678"))
            }
        }
        let token = input["token"]
        if let token, token.count > 200 || token.contains(where: { $0.isNewline }) { issues.append(FieldIssue(field: "token", message: "is not valid")) }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        let sealed = try token.map { $0.isEmpty ? nil : PostgresBytes(try box.seal($0, context: tokenContext)) }
        return try StepUp.run(on: caller.connection, actor: admin, code: code, twoFactor: twoFactor, origin: caller.origin,
                              action: "settings.sms") { connection in
            let before = try load(on: connection)
            try connection.query(
                """
                UPDATE notification_settings SET sms_base_url = \(after.baseURL), sms_account_sid = \(after.accountSID), sms_from = \(after.from),
                       sms_token_sealed = CASE WHEN \(token != nil) THEN \(sealed ?? nil) ELSE sms_token_sealed END, updated_at = now()
                WHERE id = 1
                """)
            let saved = try load(on: connection)
            try AuditLog.record(on: connection, actor: Actor(admin), action: "settings.sms", targetType: "settings", targetID: "sms",
                                before: before, after: saved, origin: caller.origin)
            return saved
        }
    }
}

/// E.164 numbers: `+`, then 7–15 digits, not starting with 0.
enum PhoneNumber {
    static func isValid(_ text: String) -> Bool {
        let digits = text.dropFirst()
        return text.hasPrefix("+") && (7...15).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber } && digits.first != "0"
    }
}
