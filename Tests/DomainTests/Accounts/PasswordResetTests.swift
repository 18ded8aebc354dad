@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

/// Forgotten passwords: the emailed link sets a new password once, within 30 minutes, and only
/// while the password is the one it was sent for; every refusal names its field and changes nothing;
/// unknown and throttled addresses get the same answer and no email.
@Suite("Password reset links")
struct PasswordResetTests {
    let connection: PostgresConnection
    let authenticator: Authenticator
    static let newPassword = "a brand new passphrase"

    init() throws {
        connection = try TestEnvironment.connect()
        authenticator = Authenticator(twoFactor: TwoFactor(box: try Fixtures.box()))
    }

    /// The reset emails queued for `email`, oldest first.
    private func mails(to email: String) throws -> [String] {
        try connection.query("SELECT body_text FROM outbox_messages WHERE recipient = \(email) AND event_key LIKE 'password.reset:%' ORDER BY id")
            .map { try $0.decode(String.self, "body_text") }
    }

    /// Asks for a link and returns the token from the queued email.
    private func link(for user: User, origin: RequestOrigin = Fixtures.origin(), now: Date = Date()) throws -> String {
        try PasswordReset.request(email: user.email.uppercased(), throttle: authenticator.throttle, origin: origin, now: now, on: connection)
        let text = try #require(try mails(to: user.email).last)
        let token = try #require(text.components(separatedBy: "/password/reset?token=").dropFirst().first?.prefix { !$0.isWhitespace })
        return String(token)
    }

    private func expectRefused(_ field: String, _ message: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("\(field): accepted")
        } catch DomainError.validation(let issues) {
            #expect(issues.map(\.field) == [field])
            #expect(issues.first?.message.contains(message) == true, "\(issues)")
        } catch {
            Issue.record("\(field): expected a field issue, got \(error)")
        }
    }

    private func passwordWorks(_ user: User, _ password: String) throws -> Bool {
        try authenticator.hasher.verify(password, against: try #require(try Users.passwordHash(userID: user.id, on: connection)))
    }

    @Test("the link sets the password, signs out every session, is stored only hashed, and works once")
    func resetOnce() throws {
        let user = try Fixtures.customer(on: connection)
        _ = try Sessions.start(on: connection, user: user, stage: .full, origin: Fixtures.origin())
        let token = try link(for: user)
        #expect(token.count == 43)
        let stored = try connection.query("SELECT token_hash FROM account_tokens WHERE user_id = \(user.id)")[0].decode(String.self, "token_hash")
        #expect(stored == (try Digest.sha256Hex(token)) && !stored.contains(token))
        try PasswordReset.confirm(token: token, password: Self.newPassword, hasher: authenticator.hasher, origin: Fixtures.origin(), on: connection)
        #expect(try passwordWorks(user, Self.newPassword))
        #expect(try connection.query("SELECT count(*) AS n FROM sessions WHERE user_id = \(user.id) AND ended_at IS NULL")[0].decode(Int.self, "n") == 0)
        #expect(try connection.query("SELECT count(*) AS n FROM audit_log WHERE action = 'user.password_reset' AND target_id = \(String(user.id))")[0].decode(Int.self, "n") == 1)
        #expect(try SessionLog.list(on: connection, page: PageRequest(limit: 5), userID: user.id, event: .passwordReset).items.count == 1)
        expectRefused("token", "already been used") {
            try PasswordReset.confirm(token: token, password: "yet another passphrase", hasher: authenticator.hasher, origin: Fixtures.origin(), on: connection)
        }
        #expect(try passwordWorks(user, Self.newPassword))
    }

    @Test("refusals: expired (31 minutes later), after a password change, unknown token, weak password — nothing changes")
    func refusals() throws {
        let user = try Fixtures.customer(on: connection)
        let old = try link(for: user, now: Date().addingTimeInterval(-31 * 60))
        expectRefused("token", "expired") {
            try PasswordReset.confirm(token: old, password: Self.newPassword, hasher: authenticator.hasher, origin: Fixtures.origin(), on: connection)
        }
        expectRefused("token", "not a valid link") {
            try PasswordReset.confirm(token: "not-a-token", password: Self.newPassword, hasher: authenticator.hasher, origin: Fixtures.origin(), on: connection)
        }
        let fresh = try link(for: user)
        expectRefused("password", "at least") {
            try PasswordReset.confirm(token: fresh, password: "short", hasher: authenticator.hasher, origin: Fixtures.origin(), on: connection)
        }
        #expect(try passwordWorks(user, Fixtures.password))
        try Profiles.changePassword(user, current: Fixtures.password, new: "changed the usual way", keepSession: nil, authenticator: authenticator,
                                    on: connection, origin: Fixtures.origin())
        expectRefused("token", "password was changed") {
            try PasswordReset.confirm(token: fresh, password: Self.newPassword, hasher: authenticator.hasher, origin: Fixtures.origin(), on: connection)
        }
        #expect(try passwordWorks(user, "changed the usual way"))
    }

    @Test("an unknown address and a throttled one get the same answer and no email; a malformed one names email")
    func noEnumeration() throws {
        let unknown = Fixtures.uniqueEmail("nobody")
        try PasswordReset.request(email: unknown, throttle: authenticator.throttle, origin: Fixtures.origin(), on: connection)
        #expect(try mails(to: unknown).isEmpty)
        expectRefused("email", "is required") { try PasswordReset.request(email: "", throttle: authenticator.throttle, origin: Fixtures.origin(), on: connection) }

        let user = try Fixtures.customer(on: connection)
        for _ in 0..<Verifier.passwordReset.accountLimit { _ = try link(for: user) }
        try PasswordReset.request(email: user.email, throttle: authenticator.throttle, origin: Fixtures.origin(), on: connection)
        #expect(try mails(to: user.email).count == Verifier.passwordReset.accountLimit, "throttled per account: nothing more sent")

        let origin = Fixtures.origin()
        for _ in 0..<(Verifier.passwordReset.addressLimit ?? 0) {
            try PasswordReset.request(email: Fixtures.uniqueEmail("spray"), throttle: authenticator.throttle, origin: origin, on: connection)
        }
        let other = try Fixtures.customer(on: connection)
        try PasswordReset.request(email: other.email, throttle: authenticator.throttle, origin: origin, on: connection)
        #expect(try mails(to: other.email).isEmpty, "throttled per address: nothing sent")
    }
}
