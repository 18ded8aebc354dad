@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

/// `Idempotency-Key` on JSON POSTs, through nginx and the workers: a retry answers the first
/// answer and does nothing twice; a key is its caller's; a key reused for another request is 422.
@Suite("Idempotent JSON writes")
struct IdempotencyAPITests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    private func orderBody(_ productID: Int, quantity: Int = 1) -> Data {
        Data(#"{"items":[{"product_id":\#(productID),"billing_cycle":"monthly","quantity":\#(quantity)}]}"#.utf8)
    }

    private func post(_ path: String, _ body: Data, _ headers: [String: String], key: String?) async throws -> HTTPClient.Reply {
        var headers = headers
        headers["Content-Type"] = "application/json"
        if let key { headers["Idempotency-Key"] = key }
        return try await client.send("POST", path, headers: headers, body: body)
    }

    private func orders(of customer: CustomerActor) throws -> Int {
        try connection.query("SELECT count(*) AS n FROM orders WHERE customer_id = $1", [customer.user.id])[0].decode(Int.self, "n")
    }

    private func field(_ reply: HTTPClient.Reply) throws -> String? {
        (try reply.json()["errors"] as? [[String: Any]])?.first?["field"] as? String
    }

    @Test("the same key and body twice: one order, and the retry answers the first answer byte for byte")
    func replay() async throws {
        let customer = try Fixtures.customerActor(on: connection), productID = try Fixtures.product(on: connection).id
        let key = UUID().uuidString
        let first = try await post("/api/v1/orders", orderBody(productID), customer.headers, key: key)
        #expect(first.status == 201, "\(first.text)")
        let again = try await post("/api/v1/orders", orderBody(productID), customer.headers, key: key)
        #expect(again.status == 201)
        #expect(again.body == first.body)
        #expect(again.header("Location") == first.header("Location") && again.header("Content-Type") == first.header("Content-Type"))
        #expect(again.header("Idempotent-Replayed") == "true" && first.header("Idempotent-Replayed") == nil)
        #expect(try orders(of: customer) == 1)
    }

    @Test("the same key with another body or path answers 422 naming Idempotency-Key and does nothing")
    func mismatch() async throws {
        let customer = try Fixtures.customerActor(on: connection), productID = try Fixtures.product(on: connection).id
        let key = UUID().uuidString
        #expect(try await post("/api/v1/orders", orderBody(productID), customer.headers, key: key).status == 201)
        let otherBody = try await post("/api/v1/orders", orderBody(productID, quantity: 2), customer.headers, key: key)
        #expect(otherBody.status == 422)
        #expect(try field(otherBody) == "Idempotency-Key")
        let otherPath = try await post("/api/v1/tokens", Data(#"{"name":"x"}"#.utf8), customer.headers, key: key)
        #expect(otherPath.status == 422)
        #expect(try field(otherPath) == "Idempotency-Key")
        #expect(try orders(of: customer) == 1)
    }

    @Test("two callers with the same key each get their own order")
    func perCaller() async throws {
        let alice = try Fixtures.customerActor(on: connection), bob = try Fixtures.customerActor(on: connection)
        let productID = try Fixtures.product(on: connection).id, key = "shared-\(UUID().uuidString)"
        let mine = try await post("/api/v1/orders", orderBody(productID), alice.headers, key: key)
        let theirs = try await post("/api/v1/orders", orderBody(productID), bob.headers, key: key)
        #expect(mine.status == 201 && theirs.status == 201)
        #expect(theirs.header("Idempotent-Replayed") == nil)
        #expect(try mine.json()["customer_id"] as? Int == alice.user.id && theirs.json()["customer_id"] as? Int == bob.user.id)
        #expect(try orders(of: alice) == 1 && orders(of: bob) == 1)
    }

    @Test("ten concurrent requests with one key: exactly one order; the others replay it or answer 409")
    func concurrent() async throws {
        let customer = try Fixtures.customerActor(on: connection), productID = try Fixtures.product(on: connection).id
        let key = UUID().uuidString, body = orderBody(productID), client = self.client
        let headers = customer.headers.merging(["Content-Type": "application/json", "Idempotency-Key": key]) { $1 }
        let replies = try await withThrowingTaskGroup(of: HTTPClient.Reply.self) { group in
            for _ in 0..<10 { group.addTask { try await client.send("POST", "/api/v1/orders", headers: headers, body: body) } }
            return try await group.reduce(into: [HTTPClient.Reply]()) { $0.append($1) }
        }
        let created = replies.filter { $0.status == 201 }
        #expect(created.count + replies.filter { $0.status == 409 }.count == 10, "\(replies.map(\.status))")
        #expect(created.filter { $0.header("Idempotent-Replayed") == nil }.count == 1)
        #expect(Set(created.map(\.body)).count == 1)
        #expect(try orders(of: customer) == 1)
        // Once the first has finished, a retry replays it.
        let later = try await post("/api/v1/orders", body, customer.headers, key: key)
        #expect(later.status == 201 && later.header("Idempotent-Replayed") == "true" && later.body == created.first?.body)
    }

    @Test("without a key every POST runs, as before")
    func noKey() async throws {
        let customer = try Fixtures.customerActor(on: connection), productID = try Fixtures.product(on: connection).id
        #expect(try await post("/api/v1/orders", orderBody(productID), customer.headers, key: nil).status == 201)
        #expect(try await post("/api/v1/orders", orderBody(productID), customer.headers, key: nil).status == 201)
        #expect(try orders(of: customer) == 2)
    }

    @Test("a key longer than 255 characters or not printable ASCII answers 422 naming it and does nothing",
          arguments: [String(repeating: "k", count: 256), "tab\there", "ключ"])
    func badKey(_ key: String) async throws {
        let customer = try Fixtures.customerActor(on: connection), productID = try Fixtures.product(on: connection).id
        let reply = try await post("/api/v1/orders", orderBody(productID), customer.headers, key: key)
        #expect(reply.status == 422, "\(reply.text)")
        #expect(try field(reply) == "Idempotency-Key")
        #expect(try orders(of: customer) == 0)
        #expect(try await post("/api/v1/orders", orderBody(productID), customer.headers, key: String(repeating: "k", count: 255)).status == 201)
    }

    @Test("a staff payment retried with its key (and its spent 2FA code) is recorded once and answered as the first time")
    func payment() async throws {
        let staff = try Fixtures.staffActor(on: connection), customer = try Fixtures.customerActor(on: connection)
        let productID = try Fixtures.product(on: connection).id
        let order = try await post("/api/v1/orders", orderBody(productID), customer.headers, key: nil)
        let invoiceID = try #require(try order.json()["invoice_id"] as? Int)
        Fixtures.awayFromStepEnd()
        let headers = try staff.headers(code: 0), key = UUID().uuidString
        let body = Data(#"{"amount":"3.00","method":"bank","reference":"TX-IDEM"}"#.utf8)
        let first = try await post("/api/v1/invoices/\(invoiceID)/payments", body, headers, key: key)
        #expect(first.status == 201, "\(first.text)")
        let retry = try await post("/api/v1/invoices/\(invoiceID)/payments", body, headers, key: key)
        #expect(retry.status == 201 && retry.body == first.body && retry.header("Idempotent-Replayed") == "true")
        // The same code without the key is a second request: the spent code is refused (not kept: 403).
        #expect(try await post("/api/v1/invoices/\(invoiceID)/payments", body, headers, key: nil).status == 403)
        let payments = try connection.query("SELECT count(*) AS n FROM payments WHERE invoice_id = $1", [invoiceID])[0].decode(Int.self, "n")
        #expect(payments == 1)
    }
}
