@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

/// A customer pays an order's invoice with the demo gateway through nginx, with no staff step:
/// checkout → the gateway's page → "Pay" → the job runner POSTs the signed notification to
/// /webhooks/demo through nginx → applied once → the order's server handed to provisioning once.
@Suite("Payments end to end: demo checkout through nginx, webhook, invoice paid, server built once")
struct PaymentsEndToEndTests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    private func count(_ sql: String, _ parameters: [any PostgresEncodable]) throws -> Int {
        try connection.query("SELECT count(*) AS n FROM " + sql, parameters)[0].decode(Int.self, "n")
    }

    @Test("demo checkout → pay → signed webhook over HTTP → invoice paid → one server built; replays and forgeries change nothing")
    func payWithDemoGateway() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let customer = try Fixtures.customerActor(on: connection)
        let product = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products",
                                                Fixtures.productBody(["price_monthly": "7.00", "provisioning_type": "automated",
                                                                      "provisioning_module": "demo"]), headers: try staff.headers())
        let productID = try #require(try product.json()["id"] as? Int)
        let order = try await client.sendJSON("POST", "/api/v1/orders", ["items": [["product_id": productID, "billing_cycle": "monthly"]]],
                                              headers: customer.headers)
        let orderID = try #require(try order.json()["id"] as? Int), invoiceID = try #require(try order.json()["invoice_id"] as? Int)

        let refused = try await client.sendJSON("POST", "/api/v1/invoices/\(invoiceID)/checkout", ["gateway": "nosuch"], headers: customer.headers)
        #expect(refused.status == 422, "\(refused.text)")
        let started = try await client.sendJSON("POST", "/api/v1/invoices/\(invoiceID)/checkout", ["gateway": "demo"], headers: customer.headers)
        #expect(started.status == 201, "\(started.text)")
        let url = try #require(try started.json()["url"] as? String)
        let path = try #require(URL(string: url)?.path)
        #expect(path.hasPrefix("/pay/demo/cs_demo_"))

        // The gateway's page (no portal session), then "Pay" with the page's CSRF pair.
        let page = try await client.send("GET", path)
        #expect(page.status == 200 && page.text.contains("7.00 EUR"), "\(page.status)")
        let cookie = try #require(page.header("Set-Cookie")?.split(separator: ";").first.map(String.init))
        let token = String(cookie.dropFirst("vps_csrf=".count))
        let paid = try await client.send("POST", path + "/pay", headers: ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"],
                                         body: Data("csrf_token=\(token)".utf8))
        #expect(paid.status == 303, "\(paid.text)")
        let back = try #require(paid.header("Location"))
        #expect(back.hasPrefix("/my/invoices/\(invoiceID)?checkout="))

        let settled = try await eventually(timeout: 60) { () async throws -> Bool? in
            let invoice = try await client.send("GET", "/api/v1/invoices/\(invoiceID)", headers: customer.headers).json()
            return invoice["status"] as? String == "paid" ? true : nil
        }
        #expect(settled == true, "the invoice was not paid by the demo gateway's notification")
        let active = try await eventually(timeout: 90) { () async throws -> Bool? in
            try count("server_instances WHERE order_id = $1 AND status = 'active'", [orderID]) == 1 ? true : nil
        }
        #expect(active == true, "the order's server did not become active")
        // It came over HTTP through nginx (the job runner is not the web worker), verified.
        let note = try connection.query(
            "SELECT id, raw_body, remote_address, verification, status FROM payment_notifications WHERE gateway = 'demo' AND event_type <> '' ORDER BY id DESC LIMIT 1")[0]
        #expect(try note.decode(String.self, "verification") == "verified" && note.decode(String.self, "status") == "applied")
        #expect(try note.decode(String.self, "remote_address") != "jobs", "delivered through HTTP, not in process")

        // A replay of the same notification (freshly signed: a gateway retrying) and a forgery change nothing.
        let body = try note.decode(PostgresBytes.self, "raw_body").bytes
        let secret = try #require(try PaymentGateways(box: try Fixtures.box()).webhookSecret(of: "demo", on: connection))
        let replay = try await client.send("POST", "/webhooks/demo", headers: [
            "Stripe-Signature": try WebhookSignature.header(body: body, secret: secret, at: Date()), "Content-Type": "application/json"], body: Data(body))
        let duplicate = try replay.json()["duplicate"] as? Bool
        #expect(replay.status == 200 && duplicate == true, "\(replay.text)")
        var altered = body
        altered[altered.count - 2] ^= 0x01
        let forged = try await client.send("POST", "/webhooks/demo", headers: [
            "Stripe-Signature": try WebhookSignature.header(body: body, secret: secret, at: Date()), "Content-Type": "application/json"], body: Data(altered))
        #expect(forged.status == 400 && forged.header("Content-Type")?.hasPrefix("application/problem+json") == true, "\(forged.text)")
        let stale = try await client.send("POST", "/webhooks/demo", headers: [
            "Stripe-Signature": try WebhookSignature.header(body: body, secret: secret, at: Date().addingTimeInterval(-301))], body: Data(body))
        #expect(stale.status == 400)
        #expect(try count("session_events WHERE event = 'webhook_refused' AND detail LIKE $1", ["%stale_timestamp%"]) >= 1)
        try await Task.sleep(for: .seconds(2))
        #expect(try count("payments WHERE invoice_id = $1", [invoiceID]) == 1)
        #expect(try count("provisioning_requests WHERE order_id = $1", [orderID]) == 1)
        #expect(try count("jobs j JOIN server_instances s ON s.id = j.instance_id WHERE s.order_id = $1 AND j.action = 'provision'", [orderID]) == 1)

        // The customer's return page says so; staff see the transaction.
        let transactions = try await client.send("GET", "/api/v1/payments", headers: try staff.headers()).json()
        let mine = (transactions["items"] as? [[String: Any]] ?? []).filter { $0["invoice_id"] as? Int == invoiceID }
        #expect(mine.count == 1 && mine.first?["flagged"] as? Bool == false && mine.first?["amount"] as? String == "7.00")
    }
}
