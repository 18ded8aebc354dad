@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

/// The forgotten-password JSON twins, anonymous as a locked-out client is: one answer for every
/// address, and refusals that name `token` or `password` and change nothing.
@Suite("Password reset over JSON")
struct PasswordResetAPITests {
    let application: PortalApplication
    let connection: PostgresConnection
    let address = "reset-" + UUID().uuidString.prefix(8).lowercased()

    init() throws {
        application = .portal(services: try TestServices.make())
        connection = try TestEnvironment.connect()
    }

    private func post(_ path: String, _ object: [String: Any]) throws -> Response {
        var headers = HTTPHeaders()
        headers["content-type"] = "application/json"
        let body = Array(try JSONSerialization.data(withJSONObject: object))
        return application.respond(to: Request(method: "POST", target: path, headers: headers, body: body, remoteAddress: address),
                                   connection: connection)
    }

    private func mails(to email: String) throws -> [String] {
        try connection.query("SELECT body_text FROM outbox_messages WHERE recipient = \(email) AND event_key LIKE 'password.reset:%' ORDER BY id")
            .map { try $0.decode(String.self, "body_text") }
    }

    @Test("known and unknown addresses get the same 202 body; only the known one is emailed; the token sets the password once")
    func sameAnswerThenConfirm() throws {
        let user = try Fixtures.customer(on: connection)
        let unknown = Fixtures.uniqueEmail("nobody")
        let known = try post("/api/v1/auth/password-reset", ["email": user.email])
        let stranger = try post("/api/v1/auth/password-reset", ["email": unknown])
        #expect(known.status == .accepted && stranger.status == .accepted, "\(known.text)")
        #expect(known.body == stranger.body)
        #expect(try mails(to: unknown).isEmpty)
        let text = try #require(try mails(to: user.email).first)
        let token = String(try #require(text.components(separatedBy: "token=").dropFirst().first?.prefix { !$0.isWhitespace }))

        #expect(try post("/api/v1/auth/password-reset/confirm", ["token": "nope", "password": "a new long passphrase"]).problemFields(422) == ["token"])
        #expect(try post("/api/v1/auth/password-reset/confirm", ["token": token, "password": "short"]).problemFields(422) == ["password"])
        let done = try post("/api/v1/auth/password-reset/confirm", ["token": token, "password": "a new long passphrase"])
        #expect(done.status == .ok, "\(done.text)")
        #expect(try post("/api/v1/auth/password-reset/confirm", ["token": token, "password": "another long passphrase"]).problemFields(422) == ["token"])
        let hash = try #require(try Users.passwordHash(userID: user.id, on: connection))
        #expect(PasswordHasher().verify("a new long passphrase", against: hash))
        #expect(try post("/api/v1/auth/password-reset", ["email": "not an address"]).problemFields(422) == ["email"])
    }

    @Test("past the per-account limit the answer is the same 202 and nothing more is sent")
    func throttledSameAnswer() throws {
        let user = try Fixtures.customer(on: connection)
        var bodies: Set<[UInt8]> = []
        for _ in 0..<(Verifier.passwordReset.accountLimit + 2) {
            let response = try post("/api/v1/auth/password-reset", ["email": user.email])
            #expect(response.status == .accepted)
            bodies.insert(response.body)
        }
        #expect(bodies.count == 1)
        #expect(try mails(to: user.email).count == Verifier.passwordReset.accountLimit)
    }
}
