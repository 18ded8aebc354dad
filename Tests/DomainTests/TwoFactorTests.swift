@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Two-factor sign-in and step-up")
struct TwoFactorTests {
    @Test("enrolment: pending secret, confirmation with a code, ten recovery codes")
    func enrolment() throws {
        let connection = try TestEnvironment.connect()
        let user = try Fixtures.customer(on: connection)
        let twoFactor = TwoFactor(box: try Fixtures.box())
        let first = try twoFactor.pendingEnrolment(for: user, on: connection)
        #expect(try twoFactor.pendingEnrolment(for: user, on: connection).secretBase32 == first.secretBase32)
        let totp = TOTP(secret: try #require(Base32.decode(first.secretBase32)))
        #expect(throws: DomainError.self) { try twoFactor.confirm(user: user, code: "000000x", on: connection, origin: .commandLine) }
        let codes = try twoFactor.confirm(user: user, code: try Fixtures.code(totp), on: connection, origin: .commandLine)
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        let enrolled = try #require(try Users.find(id: user.id, on: connection))
        #expect(enrolled.twoFactorEnabled)
        #expect(throws: DomainError.self) { try twoFactor.pendingEnrolment(for: enrolled, on: connection) }
    }

    @Test("a TOTP code is accepted once; a recovery code once; wrong codes never")
    func replay() throws {
        let connection = try TestEnvironment.connect()
        let (user, totp) = try Fixtures.enrolledStaff(on: connection)
        let twoFactor = TwoFactor(box: try Fixtures.box())
        let code = try Fixtures.code(totp)
        #expect(try twoFactor.check(userID: user.id, code: code, allowRecovery: true, on: connection) == .accepted)
        #expect(try twoFactor.check(userID: user.id, code: code, allowRecovery: true, on: connection) == .replayed)
        // An older code than one already used is a replay too.
        #expect(try twoFactor.check(userID: user.id, code: try Fixtures.code(totp, steps: -1), allowRecovery: true, on: connection) != .accepted)
        #expect(try twoFactor.check(userID: user.id, code: "123456", allowRecovery: true, on: connection) != .accepted)
    }

    @Test("recovery codes sign in once each")
    func recoveryCodes() throws {
        let connection = try TestEnvironment.connect()
        let user = try Fixtures.customer(on: connection)
        let twoFactor = TwoFactor(box: try Fixtures.box())
        let secret = try twoFactor.pendingEnrolment(for: user, on: connection).secretBase32
        let codes = try twoFactor.confirm(user: user, code: try Fixtures.code(TOTP(secret: Base32.decode(secret)!)), on: connection, origin: .commandLine)
        #expect(try twoFactor.check(userID: user.id, code: codes[3].uppercased(), allowRecovery: true, on: connection) == .acceptedRecoveryCode)
        #expect(try twoFactor.check(userID: user.id, code: codes[3], allowRecovery: true, on: connection) == .wrong)
        #expect(try twoFactor.check(userID: user.id, code: codes[4], allowRecovery: false, on: connection) == .wrong)
        #expect(try twoFactor.remainingRecoveryCodes(userID: user.id, on: connection) == 9)
    }

    @Test("step-up: missing code 'required', wrong or replayed 'rejected' and logged; nothing changes")
    func stepUp() throws {
        let connection = try TestEnvironment.connect()
        let (admin, totp) = try Fixtures.enrolledStaff(on: connection)
        let twoFactor = TwoFactor(box: try Fixtures.box())
        try connection.query("CREATE TEMP TABLE changes (n integer)")
        func change(_ code: String?) throws {
            try StepUp.run(on: connection, actor: admin, code: code, twoFactor: twoFactor, origin: Fixtures.origin(), action: "test") {
                try $0.query("INSERT INTO changes VALUES (1)")
            }
        }
        #expect(throws: DomainError.self) { try change(nil) }
        #expect(throws: DomainError.self) { try change("999999") }
        let code = try Fixtures.code(totp)
        try change(code)
        let replay = try #require(throws: DomainError.self) { try change(code) }
        guard case .secondFactorRejected(let message) = replay else { Issue.record("expected rejection, got \(replay)"); return }
        #expect(message.contains("already used"))
        #expect(try connection.query("SELECT count(*) AS n FROM changes")[0].decode(Int.self, "n") == 1)
        let events = try SessionLog.list(on: connection, page: PageRequest(limit: 10), userID: admin.id).items.map(\.event)
        #expect(events.contains("second_factor_replayed"))
        #expect(events.contains("second_factor_failed"))
    }

    @Test("an admin resets another staff member's 2FA (audited, sessions ended); staff cannot")
    func reset() throws {
        let connection = try TestEnvironment.connect()
        let (admin, _) = try Fixtures.enrolledStaff(on: connection, role: .admin)
        let (staff, _) = try Fixtures.enrolledStaff(on: connection, role: .staff)
        let twoFactor = TwoFactor(box: try Fixtures.box())
        let token = try Sessions.start(on: connection, user: staff, stage: .full, origin: .commandLine)
        #expect(throws: DomainError.self) { try twoFactor.reset(target: admin, by: staff, on: connection, origin: .commandLine) }
        try twoFactor.reset(target: staff, by: admin, on: connection, origin: .commandLine)
        #expect(try Users.find(id: staff.id, on: connection)?.twoFactorEnabled == false)
        #expect(try Sessions.find(token: token, on: connection) == nil)
        let audit = try AuditLog.list(on: connection, page: PageRequest(limit: 5), targetType: "user", targetID: String(staff.id))
        #expect(audit.items.first?.action == "two_factor.reset")
        #expect(audit.items.first?.actorID == admin.id)
    }

    @Test("the database holds no plaintext password, TOTP secret, recovery code or token")
    func noPlaintext() throws {
        let connection = try TestEnvironment.connect()
        let user = try Fixtures.customer(on: connection)
        let twoFactor = TwoFactor(box: try Fixtures.box())
        let secret = try twoFactor.pendingEnrolment(for: user, on: connection).secretBase32
        let codes = try twoFactor.confirm(user: user, code: try Fixtures.code(TOTP(secret: Base32.decode(secret)!)), on: connection, origin: .commandLine)
        let issued = try APITokens.issue(on: connection, user: user, name: "secret-test", scope: .write, actor: Actor(user), origin: .commandLine)
        let session = try Sessions.start(on: connection, user: user, stage: .full, origin: .commandLine)
        let secretHex = (Base32.decode(secret) ?? []).hexString
        var dump = ""
        for table in ["users", "recovery_codes", "api_tokens", "sessions", "audit_log", "session_events"] {
            for row in try connection.query("SELECT row_to_json(t)::text AS j FROM \(unescaped: table) t") { dump += try row.decode(String.self, "j") }
        }
        for plaintext in [Fixtures.password, secret, secretHex, issued.token, String(issued.token.dropFirst(4)), session] + codes {
            #expect(!dump.contains(plaintext), "found a plaintext secret in the database")
        }
        #expect(!dump.contains(codes[0].replacingOccurrences(of: "-", with: "")))
    }
}
