@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Invoices over JSON: orders issue them, staff record payments with 2FA, customers see their own")
struct InvoicesAPITests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    /// A customer's order of one server at 10.00 a month + 2.50 setup, placed over JSON; returns (order, invoice id).
    private func orderedInvoice(_ customer: CustomerActor, staff: StaffActor) async throws -> ([String: Any], Int) {
        let product = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products",
                                                Fixtures.productBody(["price_monthly": "10.00", "setup_fee": "2.50"]), headers: try staff.headers())
        let productID = try #require(try product.json()["id"] as? Int)
        let reply = try await client.sendJSON("POST", "/api/v1/orders", ["items": [["product_id": productID, "billing_cycle": "monthly"]]],
                                              headers: customer.headers)
        #expect(reply.status == 201, "\(reply.text)")
        let order = try reply.json()
        return (order, try #require(order["invoice_id"] as? Int))
    }

    private func field(_ reply: HTTPClient.Reply) throws -> String? {
        (try reply.json()["errors"] as? [[String: Any]])?.first?["field"] as? String
    }

    @Test("placing an order issues its invoice; the owner and staff see it, anyone else gets 404")
    func orderIssuesInvoice() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection), bob = try Fixtures.customerActor(on: connection)
        let (_, invoiceID) = try await orderedInvoice(alice, staff: staff)
        let shown = try await client.send("GET", "/api/v1/invoices/\(invoiceID)", headers: alice.headers)
        #expect(shown.status == 200)
        let invoice = try shown.json()
        #expect(invoice["status"] as? String == "unpaid")
        #expect(invoice["subtotal"] as? String == "12.50" && invoice["tax"] as? String == "0.00" && invoice["total"] as? String == "12.50")
        #expect(invoice["amount_due"] as? String == "12.50")
        #expect((invoice["number"] as? String)?.hasPrefix("INV-") == true)
        let items = try #require(invoice["items"] as? [[String: Any]])
        #expect(items.map { $0["amount"] as? String } == ["10.00", "2.50"])
        #expect(items[0]["period_start"] is String && items[0]["period_end"] is String)
        #expect(try await client.send("GET", "/api/v1/invoices/\(invoiceID)", headers: bob.headers).status == 404)
        #expect(try await client.send("GET", "/api/v1/invoices/999999999", headers: try staff.headers()).status == 404)
        #expect(try await client.send("GET", "/api/v1/invoices/\(invoiceID)", headers: try staff.headers()).status == 200)
        let own = try await client.send("GET", "/api/v1/invoices", headers: bob.headers)
        #expect((try own.json()["items"] as? [[String: Any]])?.isEmpty == true)
        let filtered = try await client.send("GET", "/api/v1/invoices?customer_id=\(alice.user.id)&status=unpaid&limit=1", headers: try staff.headers())
        let page = try filtered.json()
        #expect((page["items"] as? [[String: Any]])?.first?["id"] as? Int == invoiceID)
        #expect(try await client.send("GET", "/api/v1/invoices?status=owed", headers: try staff.headers()).status == 422)
    }

    @Test("staff filter by overdue and issue dates; bad filters answer 422 naming the field")
    func overdueAndDateFilters() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection)
        let (order, invoiceID) = try await orderedInvoice(alice, staff: staff)
        let days = try connection.query(
            "SELECT issue_date, issue_date + 1 AS after, issue_date - 1 AS before FROM invoices WHERE id = $1", [invoiceID])[0]
        let (issued, after, before) = (try days.decode(CalendarDay.self, "issue_date"), try days.decode(CalendarDay.self, "after"),
                                       try days.decode(CalendarDay.self, "before"))
        func ids(_ query: String) async throws -> [Int] {
            let reply = try await client.send("GET", "/api/v1/invoices?customer_id=\(alice.user.id)&" + query, headers: try staff.headers())
            #expect(reply.status == 200, "\(reply.text)")
            return (try reply.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        }
        #expect(try await ids("overdue=true").isEmpty, "due today is not overdue yet")
        #expect(try await ids("overdue=false") == [invoiceID])
        #expect(try await ids("issued_from=\(issued)&issued_to=\(issued)") == [invoiceID])
        #expect(try await ids("issued_from=\(after)").isEmpty)
        #expect(try await ids("issued_to=\(before)").isEmpty)
        // An order placed three days ago: its invoice was due that day (issued invoices never change, so it is made then).
        let productID = try #require((order["items"] as? [[String: Any]])?.first?["product_id"] as? Int)
        let late = try OrderPlacement.place(
            customerID: alice.user.id, lines: [OrderLine(productID: productID, billingCycle: .monthly)],
            on: connection, actor: .commandLine, origin: .commandLine, at: Date().addingTimeInterval(-3 * 86_400))
        let lateID = try #require(late.invoiceID)
        #expect(try await ids("overdue=true") == [lateID])
        #expect(try await ids("overdue=false") == [lateID, invoiceID])
        #expect(try await ids("issued_to=\(before)") == [lateID])
        for (query, name) in [("overdue=maybe", "overdue"), ("issued_from=2026-13-01", "issued_from"),
                              ("issued_from=2026-02-01&issued_to=2026-01-31", "issued_to")] {
            let reply = try await client.send("GET", "/api/v1/invoices?" + query, headers: try staff.headers())
            let named = try field(reply)
            #expect(reply.status == 422 && named == name, "\(query): \(reply.text)")
        }
    }

    @Test("bad payments answer 4xx naming the field and change nothing", arguments: [
        (#"{"amount": "-1.00", "method": "bank"}"#, "amount"),
        (#"{"amount": "0", "method": "bank"}"#, "amount"),
        (#"{"amount": "1.005", "method": "bank"}"#, "amount"),
        (#"{"amount": 1.005, "method": "bank"}"#, "amount"),
        (#"{"amount": "1000000000000.00", "method": "bank"}"#, "amount"),
        (#"{"method": "bank"}"#, "amount"),
        (#"{"amount": "1.00"}"#, "method"),
        (#"{"amount": "1.00", "method": "Credit"}"#, "method"),
    ])
    func badPayments(_ json: String, _ expected: String) async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let (_, invoiceID) = try await orderedInvoice(try Fixtures.customerActor(on: connection), staff: staff)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        let reply = try await client.sendJSON("POST", "/api/v1/invoices/\(invoiceID)/payments", body, headers: try staff.headers(code: 0))
        #expect(reply.status == 422, "\(reply.text)")
        #expect(reply.header("Content-Type")?.hasPrefix("application/problem+json") == true)
        #expect(try field(reply) == expected)
        let after = try await client.send("GET", "/api/v1/invoices/\(invoiceID)", headers: try staff.headers())
        #expect(try after.json()["amount_due"] as? String == "12.50")
        #expect((try after.json()["payments"] as? [Any])?.isEmpty == true)
    }

    @Test("a partial payment lowers the amount due; the rest pays the order, which hands its server over once")
    func partialThenFull() async throws {
        let first = try Fixtures.staffActor(on: connection), second = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection)
        let (order, invoiceID) = try await orderedInvoice(alice, staff: first)
        let orderID = try #require(order["id"] as? Int)
        let noCode = try await client.sendJSON("POST", "/api/v1/invoices/\(invoiceID)/payments", ["amount": "5.00", "method": "bank"],
                                               headers: try first.headers())
        #expect(noCode.status == 401)
        let part = try await client.sendJSON("POST", "/api/v1/invoices/\(invoiceID)/payments", ["amount": 5.5, "method": "bank", "reference": "TX-1"],
                                             headers: try first.headers(code: 0))
        #expect(part.status == 201, "\(part.text)")
        #expect(try part.json()["amount_due"] as? String == "7.00" && part.json()["status"] as? String == "unpaid")
        let pending = try await client.send("GET", "/api/v1/orders/\(orderID)", headers: alice.headers)
        #expect(try pending.json()["status"] as? String == "pending")
        let rest = try await client.sendJSON("POST", "/api/v1/invoices/\(invoiceID)/payments", ["amount": "7.00", "method": "bank"],
                                             headers: try first.headers(code: 1))
        #expect(rest.status == 201, "\(rest.text)")
        #expect(try rest.json()["status"] as? String == "paid" && rest.json()["amount_due"] as? String == "0.00")
        #expect((try rest.json()["payments"] as? [Any])?.count == 2)
        let paid = try await client.send("GET", "/api/v1/orders/\(orderID)", headers: alice.headers)
        #expect(try paid.json()["status"] as? String == "paid")
        let servers = try connection.query(
            "SELECT billing_cycle, recurring_amount, next_due_date, billing_status FROM server_instances WHERE order_id = $1", [orderID])
        #expect(servers.count == 1)
        #expect(try servers[0].decode(String.self, "billing_cycle") == "monthly" && servers[0].decode(Money.self, "recurring_amount") == Money("10.00"))
        #expect(try servers[0].decode(String.self, "billing_status") == "current")
        // A paid invoice takes no more payments and cannot be cancelled; nothing changes.
        let again = try await client.sendJSON("POST", "/api/v1/invoices/\(invoiceID)/payments", ["amount": "1.00", "method": "bank"],
                                              headers: try second.headers(code: 0))
        #expect(again.status == 409)
        let cancel = try await client.send("POST", "/api/v1/invoices/\(invoiceID)/cancel", headers: try second.headers(code: 1))
        #expect(cancel.status == 409)
        let orderPay = try await client.send("POST", "/api/v1/orders/\(orderID)/pay", headers: try Fixtures.staffActor(on: connection).headers(code: 0))
        #expect(orderPay.status == 409)
        #expect(try connection.query("SELECT count(*) AS n FROM server_instances WHERE order_id = $1", [orderID])[0].decode(Int.self, "n") == 1)
    }

    @Test("the order's pay route settles its invoice; an order's invoice is cancelled with the order, not alone")
    func orderPaySettlesInvoice() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection)
        let (order, invoiceID) = try await orderedInvoice(alice, staff: staff)
        let refused = try await client.send("POST", "/api/v1/invoices/\(invoiceID)/cancel", headers: try staff.headers(code: 0))
        #expect(refused.status == 409 && refused.text.contains("cancel the order"))
        let paid = try await client.send("POST", "/api/v1/orders/\(order["id"] as! Int)/pay", headers: try staff.headers(code: 1))
        #expect(paid.status == 200, "\(paid.text)")
        let invoice = try await client.send("GET", "/api/v1/invoices/\(invoiceID)", headers: alice.headers)
        #expect(try invoice.json()["status"] as? String == "paid")
        #expect((try invoice.json()["payments"] as? [[String: Any]])?.first?["amount"] as? String == "12.50")
        let customerCancel = try await client.send("POST", "/api/v1/invoices/\(invoiceID)/cancel", headers: alice.headers)
        #expect(customerCancel.status == 403)
    }
}

@Suite("An order whose invoice is partly paid")
struct PartlyPaidOrderTests {
    @Test("cannot be cancelled or have its items changed under the payment; nothing changes")
    func partlyPaidOrderIsKept() async throws {
        let client = try HTTPClient()
        let connection = try TestEnvironment.connect()
        let staff = try Fixtures.staffActor(on: connection), other = try Fixtures.staffActor(on: connection)
        let customer = try Fixtures.customer(on: connection)
        let product = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products", Fixtures.productBody(), headers: try staff.headers())
        let productID = try #require(try product.json()["id"] as? Int)
        let placed = try await client.sendJSON("POST", "/api/v1/orders", ["customer_id": customer.id, "items": [["product_id": productID]]],
                                               headers: try staff.headers())
        let order = try placed.json()
        let orderID = try #require(order["id"] as? Int), invoiceID = try #require(order["invoice_id"] as? Int)
        let part = try await client.sendJSON("POST", "/api/v1/invoices/\(invoiceID)/payments", ["amount": "1.00", "method": "cash"],
                                             headers: try staff.headers(code: 0))
        #expect(part.status == 201, "\(part.text)")
        let cancel = try await client.sendJSON("PATCH", "/api/v1/orders/\(orderID)", ["status": "cancelled", "version": 1],
                                               headers: try staff.headers(code: 1))
        #expect(cancel.status == 409, "\(cancel.text)")
        let edit = try await client.sendJSON("PATCH", "/api/v1/orders/\(orderID)", ["items": [["product_id": productID, "quantity": 2]], "version": 1],
                                             headers: try other.headers(code: 0))
        #expect(edit.status == 409, "\(edit.text)")
        let after = try await client.send("GET", "/api/v1/orders/\(orderID)", headers: try staff.headers())
        #expect(try after.json()["status"] as? String == "pending" && after.json()["invoice_id"] as? Int == invoiceID)
        let invoice = try await client.send("GET", "/api/v1/invoices/\(invoiceID)", headers: try staff.headers())
        #expect(try invoice.json()["status"] as? String == "unpaid")
    }
}
