@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Customer credit over JSON: an append-only ledger; overpayments and staff credit go in, new invoices take it")
struct CreditAPITests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    /// A product at 10.00 a month + 2.50 setup; returns its id.
    private func product(_ staff: StaffActor) async throws -> Int {
        let product = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products",
                                                Fixtures.productBody(["price_monthly": "10.00", "setup_fee": "2.50"]), headers: try staff.headers())
        return try #require(try product.json()["id"] as? Int)
    }

    /// The customer orders one server of `productID`; returns the order JSON.
    private func order(_ customer: CustomerActor, productID: Int) async throws -> [String: Any] {
        let reply = try await client.sendJSON("POST", "/api/v1/orders", ["items": [["product_id": productID, "billing_cycle": "monthly"]]],
                                              headers: customer.headers)
        #expect(reply.status == 201, "\(reply.text)")
        return try reply.json()
    }

    private func credit(_ customer: CustomerActor) async throws -> [String: Any] {
        let reply = try await client.send("GET", "/api/v1/customers/\(customer.user.id)/credit", headers: customer.headers)
        #expect(reply.status == 200, "\(reply.text)")
        return try reply.json()
    }

    @Test("staff add credit with 2FA; the owner and staff see the balance and ledger, anyone else gets 404")
    func addAndShow() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection), bob = try Fixtures.customerActor(on: connection)
        #expect(try await credit(alice)["balance"] as? String == "0.00")
        let noCode = try await client.sendJSON("POST", "/api/v1/customers/\(alice.user.id)/credit", ["amount": "5.00", "reason": "goodwill"],
                                               headers: try staff.headers())
        #expect(noCode.status == 401)
        let added = try await client.sendJSON("POST", "/api/v1/customers/\(alice.user.id)/credit", ["amount": 5.25, "reason": "goodwill"],
                                              headers: try staff.headers(code: 0))
        #expect(added.status == 201, "\(added.text)")
        #expect(try added.json()["balance"] as? String == "5.25")
        let account = try await credit(alice)
        #expect(account["balance"] as? String == "5.25" && account["currency"] as? String == "EUR")
        let entries = try #require(account["entries"] as? [[String: Any]])
        #expect(entries.count == 1 && entries[0]["kind"] as? String == "staff" && entries[0]["reason"] as? String == "goodwill")
        #expect(entries[0]["actor"] as? String == staff.user.email)
        #expect(try await client.send("GET", "/api/v1/customers/\(alice.user.id)/credit", headers: bob.headers).status == 404)
        #expect(try await client.send("GET", "/api/v1/customers/\(alice.user.id)/credit", headers: try staff.headers()).status == 200)
        #expect(try await client.send("GET", "/api/v1/customers/999999999/credit", headers: try staff.headers()).status == 404)
        #expect(try await client.send("GET", "/api/v1/customers/\(staff.user.id)/credit", headers: try staff.headers()).status == 404)
        let unknown = try await client.sendJSON("POST", "/api/v1/customers/999999999/credit", ["amount": "1.00", "reason": "x"],
                                                headers: try staff.headers(code: 1))
        #expect(unknown.status == 404)
        let byCustomer = try await client.sendJSON("POST", "/api/v1/customers/\(alice.user.id)/credit", ["amount": "1.00", "reason": "x"],
                                                   headers: alice.headers)
        #expect(byCustomer.status == 403)
        #expect(try await credit(alice)["balance"] as? String == "5.25")
    }

    @Test("bad credit answers 422 naming the field and changes nothing", arguments: [
        (#"{"amount": "-1.00", "reason": "x"}"#, "amount"),
        (#"{"amount": "0", "reason": "x"}"#, "amount"),
        (#"{"amount": "0.00", "reason": "x"}"#, "amount"),
        (#"{"amount": "1.005", "reason": "x"}"#, "amount"),
        (#"{"amount": 1.005, "reason": "x"}"#, "amount"),
        (#"{"amount": "ten", "reason": "x"}"#, "amount"),
        (#"{"amount": "1000000000000.00", "reason": "x"}"#, "amount"),
        (#"{"reason": "x"}"#, "amount"),
        (#"{"amount": "1.00"}"#, "reason"),
        (#"{"amount": "1.00", "reason": "   "}"#, "reason"),
    ])
    func badCredit(_ json: String, _ expected: String) async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        let reply = try await client.sendJSON("POST", "/api/v1/customers/\(alice.user.id)/credit", body, headers: try staff.headers(code: 0))
        #expect(reply.status == 422, "\(reply.text)")
        #expect(reply.header("Content-Type")?.hasPrefix("application/problem+json") == true)
        #expect((try reply.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == expected)
        let account = try await credit(alice)
        #expect(account["balance"] as? String == "0.00" && (account["entries"] as? [Any])?.isEmpty == true)
    }

    @Test("two staff members adding credit at the same moment are both recorded; the balance is exact")
    func concurrentCredits() async throws {
        let first = try Fixtures.staffActor(on: connection), second = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection)
        let path = "/api/v1/customers/\(alice.user.id)/credit"
        let client = self.client
        // Each code is computed in its task right before the send: under a parallel test run a task may
        // wait many seconds for a thread, and a code computed earlier can expire meanwhile.
        let calls = [(first, "10.01"), (second, "5.49")]
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for (staff, amount) in calls {
                group.addTask {
                    Fixtures.awayFromStepEnd()
                    return try await client.sendJSON("POST", path, ["amount": amount, "reason": "at once"], headers: try staff.headers(code: 0)).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == [201, 201])
        let account = try await credit(alice)
        #expect(account["balance"] as? String == "15.50")
        #expect((account["entries"] as? [[String: Any]])?.count == 2)
    }

    @Test("an overpayment settles the invoice and its excess goes in as credit, in the same transaction")
    func overpayment() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection)
        let order = try await order(alice, productID: try await product(staff))
        let invoiceID = try #require(order["invoice_id"] as? Int)
        let paid = try await client.sendJSON("POST", "/api/v1/invoices/\(invoiceID)/payments", ["amount": "20.00", "method": "bank"],
                                             headers: try staff.headers(code: 0))
        #expect(paid.status == 201, "\(paid.text)")
        #expect(try paid.json()["status"] as? String == "paid" && paid.json()["amount_due"] as? String == "0.00")
        #expect((try paid.json()["payments"] as? [[String: Any]])?.map { $0["amount"] as? String } == ["12.50"])
        let account = try await credit(alice)
        #expect(account["balance"] as? String == "7.50")
        let entry = try #require((account["entries"] as? [[String: Any]])?.first)
        #expect(entry["kind"] as? String == "overpayment" && entry["invoice_id"] as? Int == invoiceID)
        let orderAfter = try await client.send("GET", "/api/v1/orders/\(order["id"] as! Int)", headers: alice.headers)
        #expect(try orderAfter.json()["status"] as? String == "paid")
    }

    @Test("credit is applied to an order's invoice at issue: in part, then in full (which pays the order)")
    func appliedOnOrder() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection)
        let productID = try await product(staff)
        _ = try await client.sendJSON("POST", "/api/v1/customers/\(alice.user.id)/credit", ["amount": "5.00", "reason": "goodwill"],
                                      headers: try staff.headers(code: 0))
        let partOrder = try await order(alice, productID: productID)
        let part = try await client.send("GET", "/api/v1/invoices/\(partOrder["invoice_id"] as! Int)", headers: alice.headers)
        #expect(try part.json()["status"] as? String == "unpaid" && part.json()["amount_due"] as? String == "7.50")
        let payments = try #require(try part.json()["payments"] as? [[String: Any]])
        #expect(payments.count == 1 && payments[0]["method"] as? String == "credit" && payments[0]["amount"] as? String == "5.00")
        var account = try await credit(alice)
        #expect(account["balance"] as? String == "0.00")
        #expect((account["entries"] as? [[String: Any]])?.first?["amount"] as? String == "-5.00")
        // Cancelling that order cancels its invoice and gives the credit back (a credit payment does not hold the order).
        let cancel = try await client.sendJSON("PATCH", "/api/v1/orders/\(partOrder["id"] as! Int)", ["status": "cancelled",
                                               "version": partOrder["version"] as! Int], headers: try Fixtures.staffActor(on: connection).headers(code: 0))
        #expect(cancel.status == 200, "\(cancel.text)")
        account = try await credit(alice)
        #expect(account["balance"] as? String == "5.00")
        #expect((account["entries"] as? [[String: Any]])?.first?["kind"] as? String == "returned")

        _ = try await client.sendJSON("POST", "/api/v1/customers/\(alice.user.id)/credit", ["amount": "30.00", "reason": "prepaid"],
                                      headers: try staff.headers(code: 1))
        let fullOrder = try await order(alice, productID: productID)
        let fullID = try #require(fullOrder["id"] as? Int)
        #expect(fullOrder["status"] as? String == "paid")
        let full = try await client.send("GET", "/api/v1/invoices/\(fullOrder["invoice_id"] as! Int)", headers: alice.headers)
        #expect(try full.json()["status"] as? String == "paid" && full.json()["amount_due"] as? String == "0.00")
        account = try await credit(alice)
        #expect(account["balance"] as? String == "22.50")
        #expect(try connection.query("SELECT count(*) AS n FROM provisioning_requests WHERE order_id = $1", [fullID])[0].decode(Int.self, "n") == 1)

        // The renewal of that server takes the rest of the credit when the billing run issues it (this customer only).
        let service = try connection.query("SELECT id, next_due_date FROM server_instances WHERE order_id = $1", [fullID])
        #expect(service.count == 1)
        let due = try service[0].decode(CalendarDay.self, "next_due_date")
        let settings = try BillingSettings.load(on: connection)
        let periods = try connection.transaction { connection in
            try BillingRun.invoice(customerID: alice.user.id, currency: "EUR", today: due, leads: [14, 14, 14], settings: settings, runID: 0,
                                   on: connection)
        }
        #expect(periods >= 1)
        let renewal = try connection.query(
            "SELECT status, amount_due FROM invoices WHERE customer_id = $1 AND order_id IS NULL ORDER BY id DESC LIMIT 1", [alice.user.id])
        #expect(try renewal[0].decode(String.self, "status") == "paid" && renewal[0].decode(Money.self, "amount_due") == Money.zero)
        #expect(try await credit(alice)["balance"] as? String == "12.50")
        let moved = try connection.query("SELECT next_due_date FROM server_instances WHERE order_id = $1", [fullID])[0]
        #expect(try moved.decode(CalendarDay.self, "next_due_date") > due)
    }
}
