@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Accounts, sign-in and throttling")
struct AccountsTests {
    @Test("account fields are validated, each issue naming its field")
    func validation() throws {
        let connection = try TestEnvironment.connect()
        let error = try #require(throws: DomainError.self) {
            try Users.create(on: connection, email: "not-an-email", name: String(repeating: "x", count: 201), password: "short",
                             role: .customer, actor: .commandLine, origin: .commandLine)
        }
        guard case .validation(let issues) = error else { Issue.record("expected validation, got \(error)"); return }
        #expect(Set(issues.map(\.field)) == ["email", "name", "password"])
    }

    @Test("emails are unique whatever their case")
    func uniqueEmail() throws {
        let connection = try TestEnvironment.connect()
        let email = Fixtures.uniqueEmail()
        try Fixtures.customer(on: connection, email: email)
        #expect(throws: DomainError.invalid("email", "is already registered")) {
            try Fixtures.customer(on: connection, email: email.uppercased())
        }
    }

    @Test("a wrong password and an unknown account get the same refusal, both logged")
    func sameRefusal() throws {
        let connection = try TestEnvironment.connect()
        let user = try Fixtures.customer(on: connection)
        let authenticator = Authenticator(twoFactor: TwoFactor(box: try Fixtures.box()))
        let origin = Fixtures.origin()
        let wrong = try #require(throws: DomainError.self) {
            try authenticator.verifyPassword(email: user.email, password: "wrong password!", on: connection, origin: origin)
        }
        let unknown = try #require(throws: DomainError.self) {
            try authenticator.verifyPassword(email: Fixtures.uniqueEmail("nobody"), password: "wrong password!", on: connection, origin: origin)
        }
        #expect(wrong == unknown)
        #expect(try authenticator.verifyPassword(email: user.email.uppercased(), password: Fixtures.password, on: connection, origin: origin).id == user.id)
        let failures = try connection.query(
            "SELECT count(*) AS n FROM session_events WHERE event = 'login_failed' AND remote_address = $1", [origin.address])
        #expect(try failures[0].decode(Int.self, "n") == 2)
    }

    @Test("the 11th failed sign-in for an account is throttled with a retry time, and logged")
    func throttle() throws {
        let connection = try TestEnvironment.connect()
        let user = try Fixtures.customer(on: connection)
        let authenticator = Authenticator(twoFactor: TwoFactor(box: try Fixtures.box()))
        for _ in 0..<10 {
            #expect(throws: Authenticator.wrongCredentials) {
                try authenticator.verifyPassword(email: user.email, password: "wrong password!", on: connection, origin: Fixtures.origin())
            }
        }
        let error = try #require(throws: DomainError.self) {
            try authenticator.verifyPassword(email: user.email, password: Fixtures.password, on: connection, origin: Fixtures.origin())
        }
        guard case .tooManyRequests(let retryAfter, _) = error else { Issue.record("expected 429, got \(error)"); return }
        #expect(retryAfter > 800 && retryAfter <= 900)
        let logged = try SessionLog.list(on: connection, page: PageRequest(limit: 5), userID: nil, event: .loginThrottled)
        #expect(logged.items.contains { $0.email == user.email })
    }

    @Test("sessions: a token finds its session, promotion rotates the token, the end ends it")
    func sessions() throws {
        let connection = try TestEnvironment.connect()
        let user = try Fixtures.customer(on: connection)
        let token = try Sessions.start(on: connection, user: user, stage: .secondFactor, origin: Fixtures.origin())
        let half = try #require(try Sessions.find(token: token, on: connection))
        #expect(half.stage == .secondFactor)
        let promoted = try Sessions.promote(half, on: connection)
        #expect(promoted != token)
        #expect(try Sessions.find(token: token, on: connection) == nil)
        let full = try #require(try Sessions.find(token: promoted, on: connection))
        #expect(full.stage == .full)
        #expect(full.csrfToken != half.csrfToken)
        try Sessions.end(full, on: connection, origin: Fixtures.origin())
        #expect(try Sessions.find(token: promoted, on: connection) == nil)
        #expect(try Sessions.find(token: "made-up", on: connection) == nil)
    }

    @Test("API tokens authenticate until revoked or expired; the owner's list never holds the secret")
    func tokens() throws {
        let connection = try TestEnvironment.connect()
        let user = try Fixtures.customer(on: connection)
        let issued = try APITokens.issue(on: connection, user: user, name: "ci", scope: .read, actor: Actor(user), origin: .commandLine)
        #expect(issued.token.hasPrefix("vps_"))
        let identity = try #require(try APITokens.authenticate(token: issued.token, on: connection))
        #expect(identity.user.id == user.id)
        #expect(identity.scope == .read)
        let listed = try APITokens.list(userID: user.id, on: connection)
        #expect(listed.count == 1)
        #expect(listed[0].lastUsedAt != nil)
        let other = try Fixtures.customer(on: connection)
        #expect(throws: DomainError.notFound("No such active token.")) {
            try APITokens.revoke(tokenID: issued.record.id, ownerID: other.id, on: connection, actor: Actor(other), origin: .commandLine)
        }
        try APITokens.revoke(tokenID: issued.record.id, ownerID: user.id, on: connection, actor: Actor(user), origin: .commandLine)
        #expect(try APITokens.authenticate(token: issued.token, on: connection) == nil)
        let shortLived = try APITokens.issue(on: connection, user: user, name: "short", scope: .write, lifetime: 1, actor: Actor(user), origin: .commandLine)
        usleep(1_200_000)
        #expect(try APITokens.authenticate(token: shortLived.token, on: connection) == nil)
        #expect(throws: DomainError.self) {
            try APITokens.issue(on: connection, user: user, name: "", scope: .read, actor: Actor(user), origin: .commandLine)
        }
    }
}
