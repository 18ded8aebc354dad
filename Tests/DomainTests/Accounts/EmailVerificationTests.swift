@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

/// Email verification (issue 16): a self-registered customer may not order until they follow the
/// emailed link; the link works once, within 48 hours; a taken address creates nothing and tells
/// its owner at most once an hour; the welcome email follows confirmation.
@Suite("Email verification and registration")
struct EmailVerificationTests {
    let connection: PostgresConnection

    init() throws {
        connection = try TestEnvironment.connect()
    }

    private func register(_ email: String, now: Date = Date()) throws {
        try Registration.register(email: email, name: "New Customer", password: Fixtures.password, origin: Fixtures.origin(), now: now,
                                  minimumDuration: 0, on: connection)
    }

    /// Event keys and texts queued for `email` whose key starts with `prefix`, oldest first.
    private func mails(to email: String, _ prefix: String) throws -> [String] {
        try connection.query("SELECT body_text FROM outbox_messages WHERE lower(recipient) = lower(\(email)) AND event_key LIKE \(prefix + "%") ORDER BY id")
            .map { try $0.decode(String.self, "body_text") }
    }

    private func token(for email: String) throws -> String {
        let text = try #require(try mails(to: email, "account.verify_email:").last)
        return String(try #require(text.components(separatedBy: "/verify-email?token=").dropFirst().first?.prefix { !$0.isWhitespace }))
    }

    private func order(as user: User) throws -> Order {
        let product = try Fixtures.product(on: connection)
        let caller = Caller(user: try Users.find(id: user.id, on: connection), origin: Fixtures.origin(), connection: connection)
        return try OrderPlacement.place(requestedCustomerID: nil, lines: [OrderLine(productID: product.id, billingCycle: .monthly)], by: caller)
    }

    private func expectTokenRefused(_ message: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("accepted")
        } catch DomainError.validation(let issues) {
            #expect(issues.map(\.field) == ["token"])
            #expect(issues.first?.message.contains(message) == true, "\(issues)")
        } catch {
            Issue.record("expected a token issue, got \(error)")
        }
    }

    @Test("an unverified customer may not order; the link confirms once, queues the welcome email once, and then ordering works")
    func verifyThenOrder() throws {
        let email = Fixtures.uniqueEmail("verify")
        try register(email)
        let user = try #require(try Users.find(email: email, on: connection))
        #expect(!user.emailVerified)
        #expect(throws: DomainError.forbidden(EmailVerification.confirmFirst)) { try order(as: user) }
        let link = try token(for: email)
        let confirmed = try EmailVerification.confirm(token: link, origin: Fixtures.origin(), on: connection)
        #expect(confirmed.emailVerified)
        #expect(try mails(to: email, "account.welcome:").count == 1)
        expectTokenRefused("already been used") { try EmailVerification.confirm(token: link, origin: Fixtures.origin(), on: connection) }
        #expect(try mails(to: email, "account.welcome:").count == 1)
        #expect(try order(as: user).customerID == user.id)
    }

    @Test("expired and unknown links are refused and confirm nothing")
    func refusals() throws {
        let email = Fixtures.uniqueEmail("expired")
        try register(email, now: Date().addingTimeInterval(-49 * 3600))
        let user = try #require(try Users.find(email: email, on: connection))
        expectTokenRefused("expired") { try EmailVerification.confirm(token: try token(for: email), origin: Fixtures.origin(), on: connection) }
        expectTokenRefused("not a valid link") { try EmailVerification.confirm(token: "not-a-token", origin: Fixtures.origin(), on: connection) }
        expectTokenRefused("is required") { try EmailVerification.confirm(token: " ", origin: Fixtures.origin(), on: connection) }
        #expect(try Users.find(id: user.id, on: connection)?.emailVerified == false)
    }

    @Test("a taken address creates nothing, keeps its password, and its owner is told once per hour")
    func takenAddress() throws {
        let owner = try Fixtures.customer(on: connection)
        let now = Date()
        try register(owner.email.uppercased(), now: now)
        try register(owner.email, now: now.addingTimeInterval(1))
        #expect(try mails(to: owner.email, "account.register_attempt:").count == 1)
        try register(owner.email, now: now.addingTimeInterval(3601))
        #expect(try mails(to: owner.email, "account.register_attempt:").count == 2)
        #expect(try mails(to: owner.email, "account.verify_email:").isEmpty)
        #expect(try Users.find(id: owner.id, on: connection)?.emailVerified == true)
        #expect(try connection.query("SELECT count(*) AS n FROM users WHERE lower(email) = lower(\(owner.email))")[0].decode(Int.self, "n") == 1)
    }

    /// Both paths hash the password, but a new account also writes its rows (≈ 60 ms more under the
    /// test load), so every accepted registration is padded to `Registration.minimumDuration`.
    @Test("a taken address answers no sooner than a new one: both wait out the registration floor")
    func timing() throws {
        let owner = try Fixtures.customer(on: connection)
        func duration(_ body: () throws -> Void) rethrows -> Double {
            let start = Date()
            try body()
            return Date().timeIntervalSince(start)
        }
        let floor = 0.3
        let fresh = try duration {
            try Registration.register(email: Fixtures.uniqueEmail("timing"), name: "New Customer", password: Fixtures.password,
                                      origin: Fixtures.origin(), minimumDuration: floor, on: connection)
        }
        let taken = try duration {
            try Registration.register(email: owner.email, name: "New Customer", password: Fixtures.password, origin: Fixtures.origin(),
                                      minimumDuration: floor, on: connection)
        }
        print("registration: new address \(Int(fresh * 1000)) ms, taken address \(Int(taken * 1000)) ms (floor \(Int(floor * 1000)) ms)")
        #expect(fresh >= floor && taken >= floor, "new \(fresh) s, taken \(taken) s")
        #expect(Registration.minimumDuration >= 0.5, "the floor must exceed the account writes' cost with a margin")
    }

    @Test("resending: refused within a minute of the last link and when already confirmed; a changed address is unconfirmed again")
    func resendAndChange() throws {
        let email = Fixtures.uniqueEmail("resend")
        try register(email)
        let user = try #require(try Users.find(email: email, on: connection))
        let caller = Caller(user: user, origin: Fixtures.origin(), connection: connection)
        #expect(throws: DomainError.self) { try EmailVerification.resend(by: caller) }
        try EmailVerification.resend(by: caller, now: Date().addingTimeInterval(61))
        #expect(try mails(to: email, "account.verify_email:").count == 2)
        try EmailVerification.confirm(token: try token(for: email), origin: Fixtures.origin(), on: connection)
        let verified = Caller(user: try Users.find(id: user.id, on: connection), origin: Fixtures.origin(), connection: connection)
        #expect(throws: DomainError.conflict("Your email address is already confirmed.")) { try EmailVerification.resend(by: verified) }

        let changed = Fixtures.uniqueEmail("changed")
        var input = CustomerInput()
        input.email = changed
        _ = try Customers.update(id: user.id, expectedVersion: nil, input, on: connection, actor: .commandLine, origin: .commandLine)
        #expect(try Users.find(id: user.id, on: connection)?.emailVerified == false)
        #expect(try mails(to: changed, "account.verify_email:").count == 1)
    }
}
