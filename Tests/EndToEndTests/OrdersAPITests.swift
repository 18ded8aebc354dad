@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Orders over JSON, with 2FA-gated changes")
struct OrdersAPITests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    private func product(_ staff: StaffActor, _ overrides: [String: Any] = [:]) async throws -> Int {
        let reply = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products", Fixtures.productBody(overrides), headers: try staff.headers())
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(try reply.json()["id"] as? Int)
    }

    private func order(_ staff: StaffActor, customer: Int, items: [[String: Any]]) async throws -> [String: Any] {
        let reply = try await client.sendJSON("POST", "/api/v1/orders", ["customer_id": customer, "items": items], headers: try staff.headers())
        #expect(reply.status == 201, "\(reply.text)")
        return try reply.json()
    }

    private func field(_ reply: HTTPClient.Reply) throws -> String? {
        (try reply.json()["errors"] as? [[String: Any]])?.first?["field"] as? String
    }

    @Test("an order copies prices and computes the total exactly")
    func totals() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let a = try await product(staff, ["price_monthly": "0.10", "setup_fee": "0.20"])
        let b = try await product(staff, ["price_monthly": "19.99", "price_quarterly": "54.33", "setup_fee": "5.01"])
        let customer = try Fixtures.customer(on: connection)
        let order = try await order(staff, customer: customer.id, items: [
            ["product_id": a, "billing_cycle": "monthly", "quantity": 3],
            ["product_id": b, "billing_cycle": "quarterly", "quantity": 1, "hostname": "Web1.Example.com", "operating_system": "debian-12"],
        ])
        // 3 × (0.10 + 0.20) + (54.33 + 5.01) = 0.90 + 59.34
        #expect(order["total"] as? String == "60.24")
        #expect(order["status"] as? String == "pending")
        #expect(order["currency"] as? String == "EUR")
        let items = try #require(order["items"] as? [[String: Any]])
        #expect(items.map { $0["unit_price"] as? String } == ["0.10", "54.33"])
        #expect(items[1]["hostname"] as? String == "web1.example.com")
        // A later price change does not touch the order.
        let replaced = try await client.sendJSON("PUT", "/api/v1/dedicated-servers/products/\(a)",
                                                 Fixtures.productBody(["price_monthly": "99.00", "version": 1]), headers: try staff.headers())
        #expect(replaced.status == 200)
        let again = try await client.send("GET", "/api/v1/orders/\(order["id"] as! Int)", headers: try staff.headers())
        #expect(try again.json()["total"] as? String == "60.24")
    }

    @Test("bad order input names the field", arguments: [
        (#"{"items": []}"#, "items"),
        (#"{"items": [{"billing_cycle": "monthly"}]}"#, "items[0].product_id"),
        (#"{"items": [{"product_id": "x", "billing_cycle": "monthly"}]}"#, "items[0].product_id"),
        (#"{"items": [{"product_id": 99999999, "billing_cycle": "monthly"}]}"#, "items[0].product_id"),
        (#"{"items": [{"product_id": 1, "billing_cycle": "weekly"}]}"#, "items[0].billing_cycle"),
        (#"{"items": [{"product_id": 1, "billing_cycle": "monthly", "quantity": 0}]}"#, "items[0].quantity"),
        (#"{"items": [{"product_id": 1, "billing_cycle": "monthly", "hostname": "bad_host!"}]}"#, "items[0].hostname"),
        (#"{"items": "everything"}"#, "items"),
        (#"{"customer_id": "me"}"#, "customer_id"),
        ("{\"notes\": \"\(String(repeating: "n", count: 2001))\"}", "notes"),
    ])
    func badOrders(_ overridesJSON: String, _ expected: String) async throws {
        let overrides = try #require(try JSONSerialization.jsonObject(with: Data(overridesJSON.utf8)) as? [String: Any])
        let staff = try Fixtures.staffActor(on: connection)
        let productID = try await product(staff)
        let customer = try Fixtures.customer(on: connection)
        var body: [String: Any] = ["customer_id": customer.id, "items": [["product_id": productID, "billing_cycle": "monthly"]]]
        for (key, value) in overrides { body[key] = value }
        if var items = body["items"] as? [[String: Any]], let first = items.first, first["product_id"] as? Int == 1 {
            items[0]["product_id"] = productID
            body["items"] = items
        }
        let reply = try await client.sendJSON("POST", "/api/v1/orders", body, headers: try staff.headers())
        #expect((400..<500).contains(reply.status))
        #expect(try field(reply) == expected, "\(reply.text)")
    }

    @Test("edits need a current code: none 401, wrong 403, stale 409; accepted ones are audited")
    func gatedEdits() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let productID = try await product(staff)
        let customer = try Fixtures.customer(on: connection)
        let order = try await order(staff, customer: customer.id, items: [["product_id": productID, "billing_cycle": "monthly"]])
        let id = try #require(order["id"] as? Int)

        let noCode = try await client.sendJSON("PATCH", "/api/v1/orders/\(id)", ["notes": "x", "version": 1], headers: try staff.headers())
        #expect(noCode.status == 401)
        #expect(noCode.text.contains("code"))
        let wrong = try await client.sendJSON("PATCH", "/api/v1/orders/\(id)", ["notes": "x", "version": 1],
                                              headers: try staff.headers(extra: ["X-2FA-Code": "000000"]))
        #expect(wrong.status == 403)
        // The same code string twice: the second is a replay whatever the clock did in between.
        let code = try Fixtures.code(staff.totp)
        let edited = try await client.sendJSON("PATCH", "/api/v1/orders/\(id)",
                                               ["notes": "rack 12", "items": [["product_id": productID, "billing_cycle": "yearly", "quantity": 2]], "version": 1],
                                               headers: try staff.headers(extra: ["X-2FA-Code": code]))
        #expect(edited.status == 200, "\(edited.text)")
        #expect(try edited.json()["total"] as? String == "599.98")
        #expect(try edited.json()["version"] as? Int == 2)
        let replayed = try await client.sendJSON("PATCH", "/api/v1/orders/\(id)", ["notes": "again", "version": 2], headers: try staff.headers(extra: ["X-2FA-Code": code]))
        #expect(replayed.status == 403)
        let stale = try await client.sendJSON("PATCH", "/api/v1/orders/\(id)", ["notes": "stale", "version": 1], headers: try staff.headers(code: 1))
        #expect(stale.status == 409)
        #expect(try stale.json()["current_version"] as? Int == 2)
        let current = try await client.send("GET", "/api/v1/orders/\(id)", headers: try staff.headers())
        #expect(try current.json()["notes"] as? String == "rack 12")
        let history = try AuditLog.list(on: connection, page: PageRequest(limit: 10), targetType: "order", targetID: String(id)).items
        #expect(history.map(\.action) == ["order.updated", "order.created"])
        guard case .object(let before)? = history[0].before.flatMap(JSONValue.parse),
            case .object(let after)? = history[0].after.flatMap(JSONValue.parse)
        else { Issue.record("audit before/after are not JSON objects"); return }
        #expect(before["version"] == .number(1))
        #expect(after["version"] == .number(2))
        #expect(after["notes"] == .string("rack 12"))
    }

    @Test("step-up over JSON: five wrong codes, then the right one answers 429 with Retry-After and pays nothing")
    func throttledStepUp() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let productID = try await product(staff)
        let customer = try Fixtures.customer(on: connection)
        let order = try await order(staff, customer: customer.id, items: [["product_id": productID, "billing_cycle": "monthly"]])
        let id = try #require(order["id"] as? Int)
        for _ in 0..<Verifier.stepUp.accountLimit {
            let wrong = try await client.send("POST", "/api/v1/orders/\(id)/pay", headers: try staff.headers(extra: ["X-2FA-Code": "000000"]))
            #expect(wrong.status == 403)
        }
        let code = try Fixtures.code(staff.totp)
        let throttled = try await client.send("POST", "/api/v1/orders/\(id)/pay", headers: try staff.headers(extra: ["X-2FA-Code": code]))
        #expect(throttled.status == 429)
        #expect(throttled.header("Content-Type")?.hasPrefix("application/problem+json") == true)
        #expect((Int(throttled.header("Retry-After") ?? "") ?? 0) > 800)
        let current = try await client.send("GET", "/api/v1/orders/\(id)", headers: try staff.headers())
        #expect(try current.json()["status"] as? String == "pending")
        let log = try SessionLog.list(on: connection, page: PageRequest(limit: 20), userID: staff.user.id).items
        #expect(log.filter { $0.event == "second_factor_failed" }.count == Verifier.stepUp.accountLimit)
        #expect(log.contains { $0.event == "verification_throttled" && $0.detail == "step_up" })
        try connection.query(
            "UPDATE session_events SET occurred_at = occurred_at - interval '16 minutes' WHERE user_id = $1 AND verifier IS NOT NULL", [staff.user.id])
        let paid = try await client.send("POST", "/api/v1/orders/\(id)/pay", headers: try staff.headers(extra: ["X-2FA-Code": code]))
        #expect(paid.status == 200, "after the window the same unused code pays: \(paid.text)")
    }

    @Test("the state machine refuses forbidden moves with the current status; paid orders cannot be deleted")
    func stateMachine() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let productID = try await product(staff)
        let customer = try Fixtures.customer(on: connection)
        let order = try await order(staff, customer: customer.id, items: [["product_id": productID, "billing_cycle": "monthly"]])
        let id = try #require(order["id"] as? Int)
        let toActive = try await client.sendJSON("PATCH", "/api/v1/orders/\(id)", ["status": "active", "version": 1], headers: try staff.headers(code: 0))
        #expect(toActive.status == 409)
        #expect(toActive.text.contains("pending"))
        let paid = try await client.send("POST", "/api/v1/orders/\(id)/pay", headers: try staff.headers(code: 1))
        #expect(paid.status == 200, "\(paid.text)")
        #expect(try paid.json()["status"] as? String == "paid")
        let other = try Fixtures.staffActor(on: connection)
        let delete = try await client.send("DELETE", "/api/v1/orders/\(id)", headers: try other.headers(code: 0))
        #expect(delete.status == 409)
        #expect(delete.text.contains("refund"))
    }

    @Test("two concurrent payments with different valid codes: one 200, one 409; one payment, one hand-over")
    func concurrentPay() async throws {
        let first = try Fixtures.staffActor(on: connection), second = try Fixtures.staffActor(on: connection)
        let productID = try await product(first)
        let customer = try Fixtures.customer(on: connection)
        let order = try await order(first, customer: customer.id, items: [["product_id": productID, "billing_cycle": "monthly", "quantity": 2]])
        let id = try #require(order["id"] as? Int)
        let client = self.client
        // Codes are computed in the tasks right before the send (a task may wait long for a thread in a parallel run).
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for staff in [first, second] {
                group.addTask {
                    Fixtures.awayFromStepEnd()
                    return try await client.send("POST", "/api/v1/orders/\(id)/pay", headers: try staff.headers(code: 0)).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.sorted() == [200, 409])
        let payments = try connection.query("SELECT count(*) AS n FROM payments WHERE order_id = $1", [id])[0].decode(Int.self, "n")
        #expect(payments == 1)
        let handovers = try connection.query("SELECT count(*) AS n FROM provisioning_requests WHERE order_id = $1", [id])[0].decode(Int.self, "n")
        #expect(handovers == 2)
    }

    @Test("fifty concurrent orders for a product with stock 10: exactly 10 succeed")
    func stock() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let productID = try await product(staff, ["stock_count": 10])
        let customer = try Fixtures.customerActor(on: connection)
        let client = self.client
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await client.sendJSON("POST", "/api/v1/orders", ["items": [["product_id": productID, "billing_cycle": "monthly"]]],
                                              headers: customer.headers).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 10)
        #expect(statuses.filter { $0 == 409 }.count == 40)
        let product = try #require(try Products.find(id: productID, on: connection))
        #expect(product.stockCount == 0)
        #expect(product.currentOrders == 10)
    }

    @Test("customers order for themselves and see only their own orders")
    func ownership() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let productID = try await product(staff)
        let alice = try Fixtures.customerActor(on: connection), bob = try Fixtures.customerActor(on: connection)
        let mine = try await client.sendJSON("POST", "/api/v1/orders", ["items": [["product_id": productID, "billing_cycle": "monthly"]]], headers: alice.headers)
        #expect(mine.status == 201)
        let id = try #require(try mine.json()["id"] as? Int)
        #expect(try mine.json()["customer_id"] as? Int == alice.user.id)
        let forOther = try await client.sendJSON("POST", "/api/v1/orders",
                                                 ["customer_id": bob.user.id, "items": [["product_id": productID, "billing_cycle": "monthly"]]], headers: alice.headers)
        #expect(forOther.status == 422)
        #expect(try await client.send("GET", "/api/v1/orders/\(id)", headers: bob.headers).status == 404)
        let bobs = try await client.send("GET", "/api/v1/orders", headers: bob.headers)
        #expect((try bobs.json()["items"] as? [Any])?.isEmpty == true)
        #expect(try await client.send("POST", "/api/v1/orders/\(id)/pay", headers: alice.headers).status == 403)
        #expect(try await client.send("DELETE", "/api/v1/orders/\(id)", headers: alice.headers).status == 403)
    }

    @Test("the order list filters by status and customer and pages with a cursor")
    func listing() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let productID = try await product(staff)
        let customer = try Fixtures.customer(on: connection)
        for _ in 0..<3 { _ = try await order(staff, customer: customer.id, items: [["product_id": productID, "billing_cycle": "monthly"]]) }
        let first = try await client.send("GET", "/api/v1/orders?customer_id=\(customer.id)&status=pending&limit=2", headers: try staff.headers())
        let body = try first.json()
        #expect((body["items"] as? [Any])?.count == 2)
        let cursor = try #require(body["next_cursor"] as? String)
        let second = try await client.send("GET", "/api/v1/orders?customer_id=\(customer.id)&limit=2&cursor=\(cursor)", headers: try staff.headers())
        #expect((try second.json()["items"] as? [Any])?.count == 1)
        #expect(try second.json()["next_cursor"] is NSNull)
        let bad = try await client.send("GET", "/api/v1/orders?status=lost&limit=500&from=yesterday", headers: try staff.headers())
        #expect(bad.status == 422)
        let fields = Set(((try bad.json()["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
        #expect(fields.isSuperset(of: ["status", "from"]))
        let today = try await client.send("GET", "/api/v1/orders?customer_id=\(customer.id)&from=2020-01-01&to=2099-12-31", headers: try staff.headers())
        #expect((try today.json()["items"] as? [Any])?.count == 3)
    }
}
