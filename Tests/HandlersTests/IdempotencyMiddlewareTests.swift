@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import Synchronization
import TestSupport
import Testing

/// Which handler answers `IdempotencyMiddleware` keeps for a key's retries, in-process: errors the
/// endpoint decided are replayed; 409, 401/403, 429 and 5xx let the key run again.
@Suite("Idempotency middleware")
struct IdempotencyMiddlewareTests {
    final class Calls: Sendable {
        let count = Atomic<Int>(0)
        func next() -> Int { count.add(1, ordering: .sequentiallyConsistent).newValue }
        var value: Int { count.load(ordering: .sequentiallyConsistent) }
    }

    let services: PortalServices
    let connection: PostgresConnection

    init() throws {
        services = try TestServices.make()
        connection = try TestEnvironment.connect()
    }

    /// An application whose `POST /api/v1/probe` (signed in) and `/api/v1/open` (anyone) count calls and then fail with `error`.
    private func probe(_ calls: Calls, failing error: (any Error & Sendable)?) -> PortalApplication {
        var router = Router()
        let handler: Handler = { _, _ in
            let call = calls.next()
            if let error { throw error }
            return Response(status: .created, headers: [("Content-Type", "application/json"), ("Location", "/api/v1/probe/\(call)")],
                            body: Array(#"{"call":\#(call)}"#.utf8))
        }
        router.group(.signedIn) { $0.post("/api/v1/probe", handler) }
        router.group(.anyone) { $0.post("/api/v1/open", handler) }
        return PortalApplication(router: router, services: services)
    }

    private func twice(_ application: PortalApplication, path: String = "/api/v1/probe", as user: User? = nil) throws -> (Response, Response) {
        let client = try InProcessAPI(application, on: connection, as: try user ?? Fixtures.customer(on: connection))
        let key = ["Idempotency-Key": UUID().uuidString]
        return (client.send("POST", path, json: "{}", headers: key), client.send("POST", path, json: "{}", headers: key))
    }

    @Test("a success and a 422 the handler decided are replayed with their headers; the handler runs once")
    func kept() throws {
        for error in [nil, DomainError.invalid("name", "is required")] as [DomainError?] {
            let calls = Calls()
            let (first, again) = try twice(probe(calls, failing: error))
            #expect(calls.value == 1)
            #expect(again.status == first.status && again.body == first.body)
            #expect(again.header("Location") == first.header("Location") && again.header("Content-Type") == first.header("Content-Type"))
            #expect(again.header("Idempotent-Replayed") == "true")
        }
    }

    @Test("409, 403, 429 and 500 are not kept: the same key runs the handler again", arguments: [
        DomainError.conflict("not now"), DomainError.secondFactorRejected("wrong code"), DomainError.tooManyRequests(retryAfter: 3, "slow down"),
    ])
    func released(_ error: DomainError) throws {
        let calls = Calls()
        let (first, again) = try twice(probe(calls, failing: error))
        #expect(calls.value == 2)
        #expect(first.status == again.status && again.header("Idempotent-Replayed") == nil)
    }

    @Test("an unexpected error (500) lets the key go")
    func serverError() throws {
        struct Broken: Error {}
        let calls = Calls()
        let user = try Fixtures.customer(on: connection)
        let (first, again) = try twice(probe(calls, failing: Broken()), as: user)
        #expect(first.status.code == 500 && again.status.code == 500 && calls.value == 2)
        let rows = try connection.query("SELECT count(*) AS n FROM idempotency_keys WHERE user_id = \(user.id)")
        #expect(try rows[0].decode(Int.self, "n") == 0)
    }

    @Test("routes open to anyone ignore the header")
    func openRoutes() throws {
        let calls = Calls()
        let (first, again) = try twice(probe(calls, failing: nil), path: "/api/v1/open")
        #expect(calls.value == 2 && first.body != again.body)
    }
}
