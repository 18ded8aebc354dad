@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

/// The claim behind `Idempotency-Key`: one claimant at a time, a crashed claimant's key taken
/// over, answers kept and replayed, another request under the key refused, old keys overwritten.
@Suite("Idempotency keys")
struct IdempotencyKeysTests {
    let connection: PostgresConnection

    init() throws {
        connection = try TestEnvironment.connect()
    }

    private func request(_ user: User, key: String, body: String = #"{"a":1}"#) throws -> IdempotentRequest {
        try IdempotentRequest(userID: user.id, key: key, method: "POST", route: "/api/v1/orders", path: "/api/v1/orders", body: Array(body.utf8))
    }

    private let answer = StoredAnswer(
        status: 201, reason: "Created",
        headers: [.init(name: "Content-Type", value: "application/json"), .init(name: "Location", value: "/api/v1/orders/7")],
        body: Array(#"{"id":7}"#.utf8))

    @Test("a claim held by a live connection answers in progress; once that connection dies the key is taken over")
    func crashedClaimant() throws {
        let user = try Fixtures.customer(on: connection), key = UUID().uuidString
        let worker = try TestEnvironment.connect()
        guard case .claimed = try IdempotencyKeys.claim(try request(user, key: key), on: worker) else {
            Issue.record("the first claim was not granted")
            return
        }
        guard case .inProgress = try IdempotencyKeys.claim(try request(user, key: key), on: connection) else {
            Issue.record("a live claim was not reported in progress")
            return
        }
        worker.close()  // as kill -9 would: the session ends, PostgreSQL drops its advisory lock
        var claim = try IdempotencyKeys.claim(try request(user, key: key), on: connection)
        for _ in 0..<40 {
            guard case .inProgress = claim else { break }
            Thread.sleep(forTimeInterval: 0.05)  // the server notices the closed socket a moment later
            claim = try IdempotencyKeys.claim(try request(user, key: key), on: connection)
        }
        guard case .claimed(let lease) = claim else {
            Issue.record("the crashed claim was not taken over: \(claim)")
            return
        }
        try IdempotencyKeys.complete(lease, with: answer, on: connection)
        guard case .replay(let replayed) = try IdempotencyKeys.claim(try request(user, key: key), on: connection) else {
            Issue.record("the completed key did not replay")
            return
        }
        #expect(replayed == answer)
        guard case .mismatch = try IdempotencyKeys.claim(try request(user, key: key, body: #"{"a":2}"#), on: connection) else {
            Issue.record("another body under the key was not refused")
            return
        }
        let held = try connection.query("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        #expect(try held[0].decode(Int.self, "n") == 0)
    }

    @Test("a claimant killed after its work committed, before its answer was kept: the key is never run again")
    func answerLost() throws {
        let user = try Fixtures.customer(on: connection), key = UUID().uuidString
        let worker = try TestEnvironment.connect()
        guard case .claimed(let lease) = try IdempotencyKeys.claim(try request(user, key: key), on: worker) else {
            Issue.record("the first claim was not granted")
            return
        }
        worker.beforeCommit = { try IdempotencyKeys.markWorkCommitted(lease, on: $0) }
        #expect(throws: (any Error).self) {  // work that rolls back leaves no marker
            try worker.transaction { c in
                try c.query("UPDATE users SET name = 'rolled back' WHERE id = \(user.id)")
                throw DomainError.conflict("changed its mind")
            }
        }
        #expect(try worker.query("SELECT work_committed_at IS NULL AS clear FROM idempotency_keys WHERE id = \(lease.id)")[0].decode(Bool.self, "clear"))
        try worker.transaction { c in try c.query("UPDATE users SET name = 'Committed Work' WHERE id = \(user.id)") }
        worker.close()  // killed before `complete`: PostgreSQL drops the advisory lock
        var claim = try IdempotencyKeys.claim(try request(user, key: key), on: connection)
        for _ in 0..<40 {
            guard case .inProgress = claim else { break }
            Thread.sleep(forTimeInterval: 0.05)
            claim = try IdempotencyKeys.claim(try request(user, key: key), on: connection)
        }
        guard case .answerLost = claim else {
            Issue.record("a claim whose work committed was run again: \(claim)")
            return
        }
        #expect(try connection.query("SELECT name FROM users WHERE id = \(user.id)")[0].decode(String.self, "name") == "Committed Work")
    }

    @Test("a claim released after some of its work committed is not forgotten: answer lost, not run again")
    func releasedAfterWork() throws {
        let user = try Fixtures.customer(on: connection), key = UUID().uuidString
        guard case .claimed(let lease) = try IdempotencyKeys.claim(try request(user, key: key), on: connection) else {
            Issue.record("not claimed")
            return
        }
        connection.beforeCommit = { try IdempotencyKeys.markWorkCommitted(lease, on: $0) }
        try connection.transaction { c in try c.query("UPDATE users SET name = 'Half Done' WHERE id = \(user.id)") }
        connection.beforeCommit = nil
        try IdempotencyKeys.release(lease, on: connection)
        guard case .answerLost = try IdempotencyKeys.claim(try request(user, key: key), on: connection) else {
            Issue.record("a key whose work committed was free again")
            return
        }
    }

    @Test("a released claim leaves nothing behind: the next request runs")
    func released() throws {
        let user = try Fixtures.customer(on: connection), key = UUID().uuidString
        guard case .claimed(let lease) = try IdempotencyKeys.claim(try request(user, key: key), on: connection) else {
            Issue.record("not claimed")
            return
        }
        try IdempotencyKeys.release(lease, on: connection)
        guard case .claimed(let again) = try IdempotencyKeys.claim(try request(user, key: key, body: "{}"), on: connection) else {
            Issue.record("a released key was not free")
            return
        }
        try IdempotencyKeys.release(again, on: connection)
    }

    @Test("a key older than 24 hours is overwritten by its next use and purged")
    func expiry() throws {
        let user = try Fixtures.customer(on: connection), key = UUID().uuidString, old = UUID().uuidString
        for name in [key, old] {
            guard case .claimed(let lease) = try IdempotencyKeys.claim(try request(user, key: name), on: connection) else {
                Issue.record("not claimed")
                return
            }
            try IdempotencyKeys.complete(lease, with: answer, on: connection)
        }
        try connection.query("UPDATE idempotency_keys SET created_at = created_at - interval '25 hours' WHERE user_id = $1", [user.id])
        guard case .claimed(let lease) = try IdempotencyKeys.claim(try request(user, key: key, body: "{}"), on: connection) else {
            Issue.record("an expired key was not overwritten")
            return
        }
        try IdempotencyKeys.release(lease, on: connection)
        #expect(try IdempotencyKeys.purgeExpired(on: connection) >= 1)
        let left = try connection.query("SELECT count(*) AS n FROM idempotency_keys WHERE user_id = $1", [user.id])[0].decode(Int.self, "n")
        #expect(left == 0)
    }

    @Test("keys are 1 to 255 printable ASCII characters")
    func keyRules() throws {
        #expect(throws: DomainError.invalid("Idempotency-Key", "must be 1 to 255 characters")) {
            try IdempotentRequest(userID: 1, key: String(repeating: "k", count: 256), method: "POST", route: "/", path: "/", body: [])
        }
        #expect(throws: DomainError.invalid("Idempotency-Key", "must be 1 to 255 characters")) {
            try IdempotentRequest(userID: 1, key: "", method: "POST", route: "/", path: "/", body: [])
        }
        #expect(throws: DomainError.invalid("Idempotency-Key", "must be printable ASCII")) {
            try IdempotentRequest(userID: 1, key: "é", method: "POST", route: "/", path: "/", body: [])
        }
        _ = try IdempotentRequest(userID: 1, key: String(repeating: "~", count: 255), method: "POST", route: "/", path: "/", body: [])
    }

    @Test("answers are kept as Stripe keeps them: not 401, 403, 409, 429 or 5xx")
    func keptStatuses() {
        #expect([200, 201, 202, 204, 303, 400, 404, 422].allSatisfy(StoredAnswer.isKept(status:)))
        #expect(![401, 403, 409, 429, 500, 503].contains(where: StoredAnswer.isKept(status:)))
    }
}
