@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

/// Every verifier of a typed secret: past its limit the right secret is refused with a retry
/// time, nothing changes, each refusal is logged, and once the window has passed (the counted
/// failures moved 16 minutes into the past) the right secret works again.
@Suite("Throttled verifiers")
struct GuessThrottleTests {
    let connection: PostgresConnection
    let authenticator: Authenticator
    let twoFactor: TwoFactor

    init() throws {
        connection = try TestEnvironment.connect()
        twoFactor = TwoFactor(box: try Fixtures.box())
        authenticator = Authenticator(twoFactor: twoFactor)
    }

    /// Moves an account's counted failures out of the window, as if 16 minutes had passed.
    private func windowPasses(for email: String) throws {
        try connection.query(
            "UPDATE session_events SET occurred_at = occurred_at - interval '16 minutes' WHERE lower(email) = lower($1) AND verifier IS NOT NULL",
            [email])
    }

    private func events(_ user: User, _ event: SessionLog.Event) throws -> [SessionLogEntry] {
        try SessionLog.list(on: connection, page: PageRequest(limit: 50), userID: user.id, event: event).items
    }

    private func expectThrottled(_ what: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("\(what): the right secret was accepted past the limit")
        } catch DomainError.tooManyRequests(let retryAfter, let message) {
            #expect(retryAfter > 800 && retryAfter <= 900, "\(what): Retry-After \(retryAfter)")
            #expect(message.contains("Too many"))
        } catch {
            Issue.record("\(what): expected 429, got \(error)")
        }
    }

    @Test("sign-in password: 10 wrong, then the right one waits; the window passes, it works")
    func password() throws {
        let user = try Fixtures.customer(on: connection)
        let origin = Fixtures.origin()
        for _ in 0..<Verifier.password.accountLimit {
            #expect(throws: Authenticator.wrongCredentials) {
                try authenticator.verifyPassword(email: user.email, password: "wrong password!", on: connection, origin: Fixtures.origin())
            }
        }
        expectThrottled("password") { _ = try authenticator.verifyPassword(email: user.email, password: Fixtures.password, on: connection, origin: origin) }
        #expect(try SessionLog.list(on: connection, page: PageRequest(limit: 50), event: .loginThrottled).items.contains { $0.email == user.email })
        try windowPasses(for: user.email)
        #expect(try authenticator.verifyPassword(email: user.email, password: Fixtures.password, on: connection, origin: origin).id == user.id)
    }

    @Test("sign-in code: 5 wrong, then the right TOTP and a recovery code wait unspent; after the window both work")
    func secondFactor() throws {
        let (staff, totp) = try Fixtures.enrolledStaff(on: connection)
        let origin = Fixtures.origin()
        for _ in 0..<Verifier.secondFactor.accountLimit {
            #expect(throws: DomainError.self) { try authenticator.verifySecondFactor(user: staff, code: "000000", on: connection, origin: origin) }
        }
        let code = try Fixtures.code(totp)
        expectThrottled("TOTP") { try authenticator.verifySecondFactor(user: staff, code: code, on: connection, origin: origin) }
        #expect(try twoFactor.remainingRecoveryCodes(userID: staff.id, on: connection) == TwoFactor.recoveryCodeCount)
        #expect(try events(staff, .loginThrottled).count == 1)
        try windowPasses(for: staff.email)
        try authenticator.verifySecondFactor(user: staff, code: code, on: connection, origin: origin)
    }

    @Test("recovery codes share the sign-in code's budget and are not spent while throttled")
    func recoveryCode() throws {
        let user = try Fixtures.customer(on: connection)
        let enrolment = try twoFactor.pendingEnrolment(for: user, on: connection)
        let totp = TOTP(secret: try #require(Base32.decode(enrolment.secretBase32)))
        let codes = try twoFactor.confirm(user: user, code: try Fixtures.code(totp), on: connection, origin: .commandLine)
        let enrolled = try #require(try Users.find(id: user.id, on: connection))
        let origin = Fixtures.origin()
        for _ in 0..<Verifier.secondFactor.accountLimit {
            #expect(throws: DomainError.self) { try authenticator.verifySecondFactor(user: enrolled, code: "aaaaa-bbbbb", on: connection, origin: origin) }
        }
        expectThrottled("recovery code") { try authenticator.verifySecondFactor(user: enrolled, code: codes[0], on: connection, origin: origin) }
        #expect(try twoFactor.remainingRecoveryCodes(userID: user.id, on: connection) == TwoFactor.recoveryCodeCount)
        try windowPasses(for: user.email)
        try authenticator.verifySecondFactor(user: enrolled, code: codes[0], on: connection, origin: origin)
        #expect(try twoFactor.remainingRecoveryCodes(userID: user.id, on: connection) == TwoFactor.recoveryCodeCount - 1)
    }

    @Test("step-up: 5 wrong codes, then the right one changes nothing and is logged; after the window it works")
    func stepUp() throws {
        let (staff, totp) = try Fixtures.enrolledStaff(on: connection)
        try connection.query("CREATE TEMP TABLE IF NOT EXISTS throttled_changes (n integer)")
        func change(_ code: String) throws {
            try StepUp.run(on: connection, actor: staff, code: code, twoFactor: twoFactor, origin: Fixtures.origin(), action: "test") {
                try $0.query("INSERT INTO throttled_changes VALUES (1)")
            }
        }
        for _ in 0..<Verifier.stepUp.accountLimit { #expect(throws: DomainError.self) { try change("000000") } }
        let code = try Fixtures.code(totp)
        expectThrottled("step-up") { try change(code) }
        #expect(try connection.query("SELECT count(*) AS n FROM throttled_changes")[0].decode(Int.self, "n") == 0)
        #expect(try events(staff, .verificationThrottled).map(\.detail) == ["step_up"])
        try windowPasses(for: staff.email)
        try change(code)
        #expect(try connection.query("SELECT count(*) AS n FROM throttled_changes")[0].decode(Int.self, "n") == 1)
    }

    @Test("enrolment: 10 wrong first codes, then the right one does not enrol; after the window it does")
    func enrolment() throws {
        let user = try Fixtures.customer(on: connection)
        let enrolment = try twoFactor.pendingEnrolment(for: user, on: connection)
        let totp = TOTP(secret: try #require(Base32.decode(enrolment.secretBase32)))
        for _ in 0..<Verifier.enrolment.accountLimit {
            #expect(throws: DomainError.self) { try twoFactor.confirm(user: user, code: "000000", on: connection, origin: .commandLine) }
        }
        expectThrottled("enrolment") { _ = try twoFactor.confirm(user: user, code: try Fixtures.code(totp), on: connection, origin: .commandLine) }
        #expect(try Users.find(id: user.id, on: connection)?.twoFactorEnabled == false)
        #expect(try events(user, .secondFactorFailed).count == Verifier.enrolment.accountLimit)
        try windowPasses(for: user.email)
        #expect(try twoFactor.confirm(user: user, code: try Fixtures.code(totp), on: connection, origin: .commandLine).count == 10)
    }

    @Test("password re-check before revealing credentials: 5 wrong, then the right one waits")
    func passwordCheck() throws {
        let user = try Fixtures.customer(on: connection)
        for _ in 0..<Verifier.passwordCheck.accountLimit {
            #expect(try Profiles.confirm(user, password: "wrong password!", authenticator: authenticator, on: connection, origin: Fixtures.origin()) == nil)
        }
        expectThrottled("password check") {
            _ = try Profiles.confirm(user, password: Fixtures.password, authenticator: authenticator, on: connection, origin: Fixtures.origin())
        }
        #expect(try events(user, .passwordCheckFailed).count == Verifier.passwordCheck.accountLimit)
        // Its own budget: sign-in still works.
        #expect(try authenticator.verifyPassword(email: user.email, password: Fixtures.password, on: connection, origin: Fixtures.origin()).id == user.id)
        try windowPasses(for: user.email)
        #expect(try Profiles.confirm(user, password: Fixtures.password, authenticator: authenticator, on: connection, origin: Fixtures.origin()) != nil)
    }

    @Test("current password when changing it: 5 wrong, then the right one changes nothing; after the window it does")
    func currentPassword() throws {
        let user = try Fixtures.customer(on: connection)
        let newPassword = "a brand new passphrase"
        func change(_ current: String) throws {
            try Profiles.changePassword(user, current: current, new: newPassword, keepSession: nil, authenticator: authenticator,
                                        on: connection, origin: Fixtures.origin())
        }
        for _ in 0..<Verifier.currentPassword.accountLimit {
            #expect(throws: DomainError.invalid("current_password", "is not right")) { try change("wrong password!") }
        }
        expectThrottled("current password") { try change(Fixtures.password) }
        #expect(try authenticator.verifyPassword(email: user.email, password: Fixtures.password, on: connection, origin: Fixtures.origin()).id == user.id)
        try windowPasses(for: user.email)
        try change(Fixtures.password)
        #expect(try authenticator.verifyPassword(email: user.email, password: newPassword, on: connection, origin: Fixtures.origin()).id == user.id)
    }

    @Test("a spray from one address is stopped; an account that signed in from there before still signs in")
    func addressSpray() throws {
        let office = Fixtures.origin()
        let colleague = try Fixtures.customer(on: connection)
        _ = try authenticator.verifyPassword(email: colleague.email, password: Fixtures.password, on: connection, origin: office)
        let limit = try #require(Verifier.password.addressLimit)
        for _ in 0..<limit {
            #expect(throws: Authenticator.wrongCredentials) {
                try authenticator.verifyPassword(email: Fixtures.uniqueEmail("sprayed"), password: "Summer2026!", on: connection, origin: office)
            }
        }
        // The spray goes on: a real account it has not tried yet is not checked.
        let target = try Fixtures.customer(on: connection)
        expectThrottled("spray") { _ = try authenticator.verifyPassword(email: target.email, password: Fixtures.password, on: connection, origin: office) }
        // The colleague at the same address, with the right password, is not.
        #expect(try authenticator.verifyPassword(email: colleague.email, password: Fixtures.password, on: connection, origin: office).id == colleague.id)
        // ... and stays bound by their own account's limit.
        for _ in 0..<Verifier.password.accountLimit {
            #expect(throws: Authenticator.wrongCredentials) {
                try authenticator.verifyPassword(email: colleague.email, password: "wrong password!", on: connection, origin: office)
            }
        }
        expectThrottled("colleague's own limit") {
            _ = try authenticator.verifyPassword(email: colleague.email, password: Fixtures.password, on: connection, origin: office)
        }
        // The target, from another address, was never locked out.
        #expect(try authenticator.verifyPassword(email: target.email, password: Fixtures.password, on: connection, origin: Fixtures.origin()).id == target.id)
    }
}

@Suite("New passwords")
struct PasswordPolicyTests {
    @Test("common and breached passwords, and ones built on them, are refused with the reason")
    func common() {
        for password in ["password1234", "Password1234", "iloveyou2024!", "qwertyuiop", "1234567890", "sunshine 2026"] {
            guard case .failure(let issue) = AccountInput.password(password, email: "ann@example.com") else {
                Issue.record("\(password) was accepted"); continue
            }
            #expect(issue.field == "password")
            #expect(issue.message.contains("most common passwords"), "\(password): \(issue.message)")
        }
        for password in ["correct horse battery staple", "tram-lemon-orbit-91", "Zk8#qL2!vR9m"] {
            #expect((try? AccountInput.password(password, email: "ann@example.com").get()) == password)
        }
    }

    @Test("a password containing the email's name is refused")
    func emailName() {
        guard case .failure(let issue) = AccountInput.password("theannabelle-rules-99", email: "Annabelle@example.com", field: "new_password") else {
            Issue.record("accepted"); return
        }
        #expect(issue.field == "new_password")
        #expect(issue.message.contains("annabelle"))
        #expect((try? AccountInput.password("a short name is fine", email: "al@example.com").get()) != nil)
    }

    @Test("registration, staff-made customers and password changes all apply it; nothing is created")
    func everyPath() throws {
        let connection = try TestEnvironment.connect()
        let email = Fixtures.uniqueEmail("common")
        #expect(throws: DomainError.self) {
            try Users.create(on: connection, email: email, name: "C", password: "password1234", role: .customer, actor: .selfService, origin: .commandLine)
        }
        #expect(try Users.find(email: email, on: connection) == nil)
        let user = try Fixtures.customer(on: connection)
        let error = #expect(throws: DomainError.self) {
            try Profiles.changePassword(user, current: Fixtures.password, new: "letmein12345", keepSession: nil,
                                        authenticator: Authenticator(twoFactor: TwoFactor(box: try Fixtures.box())), on: connection, origin: Fixtures.origin())
        }
        guard case .validation(let issues)? = error else { Issue.record("expected a field issue, got \(String(describing: error))"); return }
        #expect(issues.map(\.field) == ["new_password"])
    }
}
