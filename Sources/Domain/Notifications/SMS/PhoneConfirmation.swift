import Foundation
import Postgres

/// A customer adds a phone number for SMS: `start` sends a 6-digit code to it by SMS (valid 10
/// minutes, stored hashed; at most `sendsPerHour` sends per hour), `confirm` with the right code
/// makes it the account's SMS number; 5 wrong codes void the code. `remove` forgets the number.
public enum PhoneConfirmation {
    public static let validity: TimeInterval = 10 * 60
    public static let sendsPerHour = 3
    public static let wrongTriesAllowed = 5

    /// Sends a code to `phone` for the caller.
    public static func start(phone: String, for caller: Caller) throws {
        let user = try caller.signedIn()
        let phone = phone.filter { !$0.isWhitespace && $0 != "-" && $0 != "(" && $0 != ")" }
        guard PhoneNumber.isValid(phone) else { throw DomainError.invalid("phone", "must be an international number like +4915112345678") }
        let number = String(try SecureRandom.bytes(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } % 1_000_000)
        let code = String(repeating: "0", count: 6 - number.count) + number
        try caller.connection.transaction { connection in
            let row = try connection.query(
                """
                INSERT INTO phone_confirmations AS p (user_id, phone, code_hash, expires_at, sends)
                VALUES (\(user.id), \(phone), \(try Digest.sha256Hex("\(user.id):\(code)")), now() + make_interval(secs => \(Int(validity))), 1)
                ON CONFLICT (user_id) DO UPDATE SET phone = EXCLUDED.phone, code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at,
                    wrong_tries = 0,
                    sends = CASE WHEN p.window_started_at < now() - interval '1 hour' THEN 1 ELSE p.sends + 1 END,
                    window_started_at = CASE WHEN p.window_started_at < now() - interval '1 hour' THEN now() ELSE p.window_started_at END
                RETURNING sends, ceil(extract(epoch FROM window_started_at + interval '1 hour' - now()))::integer AS wait
                """)[0]
            guard try row.decode(Int.self, "sends") <= sendsPerHour else {
                throw DomainError.tooManyRequests(retryAfter: max(1, try row.decode(Int.self, "wait")), "Too many codes sent; try again later.")
            }
            let sequence = try connection.query("SELECT count(*) AS n FROM outbox_messages WHERE event_key LIKE \("phone.code:\(user.id):%")")[0]
                .decode(Int.self, "n")
            try Outbox.enqueue(OutboxDraft(channel: SMSChannel.name, eventKey: "phone.code:\(user.id):\(sequence + 1)", recipient: phone,
                                           customerID: user.id, subject: "", text: "Your VPS Portal confirmation code: \(code) (valid 10 minutes)"),
                               on: connection)
        }
    }

    /// Confirms the pending number with `code`; returns it.
    public static func confirm(code: String, for caller: Caller) throws -> String {
        let user = try caller.signedIn()
        let confirmed: String? = try caller.connection.transaction { connection in
            guard let row = try connection.query(
                "SELECT phone, code_hash, expires_at > now() AS live, wrong_tries FROM phone_confirmations WHERE user_id = \(user.id) FOR UPDATE").firstRow,
                  try row.decode(Bool.self, "live"), try row.decode(Int.self, "wrong_tries") < wrongTriesAllowed else {
                throw DomainError.invalid("code", "There is no code waiting; ask for a new one.")
            }
            guard code.count == 6, try Digest.sha256Hex("\(user.id):\(code)") == row.decode(String.self, "code_hash") else {
                try connection.query("UPDATE phone_confirmations SET wrong_tries = wrong_tries + 1 WHERE user_id = \(user.id)")
                return nil
            }
            let phone = try row.decode(String.self, "phone")
            try connection.query("UPDATE users SET sms_phone = \(phone), updated_at = now() WHERE id = \(user.id)")
            try connection.query("DELETE FROM phone_confirmations WHERE user_id = \(user.id)")
            try AuditLog.record(on: connection, actor: Actor(user), action: "account.sms_phone_confirmed", targetType: "user",
                                targetID: String(user.id), after: ["sms_phone": phone], origin: caller.origin)
            return phone
        }
        guard let confirmed else { throw DomainError.invalid("code", "That code is not right.") }
        return confirmed
    }

    /// The caller's confirmed number, or nil.
    public static func current(for caller: Caller) throws -> String? {
        let user = try caller.signedIn()
        return try caller.connection.query("SELECT sms_phone FROM users WHERE id = \(user.id)")[0].decode(String?.self, "sms_phone")
    }

    /// Forgets the caller's number and any pending code.
    public static func remove(for caller: Caller) throws {
        let user = try caller.signedIn()
        try caller.connection.transaction { connection in
            try connection.query("UPDATE users SET sms_phone = NULL, updated_at = now() WHERE id = \(user.id)")
            try connection.query("DELETE FROM phone_confirmations WHERE user_id = \(user.id)")
        }
    }
}
