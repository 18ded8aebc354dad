@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

/// `POST /api/v1/payments/{id}/refunds` and the refund form on `/admin/payments`, on a scratch
/// database of their own (the demo gateway's settings are global).
@Suite("Payments: staff refund a gateway payment (JSON and page)", .serialized)
struct PaymentRefundAPITests {
    let application = PortalApplication.portal(services: try! TestServices.make())

    func withPayment(_ body: (PostgresConnection, GatewayPayment) throws -> Void) throws {
        try TestEnvironment.withScratchDatabase { url in
            let c = try PostgresConnection(connectionString: url)
            _ = try Migrator(connection: c).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
            try body(c, try Fixtures.paidByDemo(on: c))
        }
    }

    @Test("JSON: partial then full refund (invoice refunded amounts, status); too much 422 on amount; customers 403; no code 401")
    func json() throws {
        try withPayment { c, payment in
            Fixtures.awayFromStepEnd()
            let (user, totp) = try Fixtures.enrolledStaff(on: c, role: .staff)
            let staff = try InProcessAPI(application, on: c, as: user)
            let path = "/api/v1/payments/\(payment.transactionID)/refunds"
            func post(_ amount: String, code: Bool = true) throws -> Response {
                try Fixtures.allowNextCode(user, on: c)
                return try staff.send("POST", path, object: ["amount": amount, "reason": "Customer asked"],
                                      headers: code ? ["X-2FA-Code": try Fixtures.code(totp)] : [:])
            }
            #expect(try post("1.00", code: false).status.code == 401)
            let customer = try InProcessAPI(application, on: c, as: payment.customer)
            #expect(try customer.send("POST", path, object: ["amount": "1.00", "reason": "r"], headers: ["X-2FA-Code": "123456"]).status == .forbidden)
            let tooMuch = try post(String(describing: Money(cents: payment.amount.cents + 1)))
            #expect(try tooMuch.problemFields(422) == ["amount"] && tooMuch.text.contains("at most \(payment.amount)"))
            #expect(try post("1.00", code: false).status.code == 401)
            #expect(try c.query("SELECT 1 FROM payment_refunds").isEmpty, "nothing claimed by refused requests")

            let partial = try post("4.00")
            #expect(partial.status == .created, "\(partial.text.prefix(300))")
            #expect(try partial.object()["status"] as? String == "succeeded" && partial.object()["credit_note_id"] is Int)
            var invoice = try staff.send("GET", "/api/v1/invoices/\(payment.invoiceID)").object()
            #expect(invoice["status"] as? String == "paid" && invoice["refunded"] as? String == "4.00")
            let rest = try post(String(describing: Money(cents: payment.amount.cents - 400)))
            #expect(rest.status == .created)
            invoice = try staff.send("GET", "/api/v1/invoices/\(payment.invoiceID)").object()
            #expect(invoice["status"] as? String == "refunded" && invoice["refunded"] as? String == String(describing: payment.amount))
            #expect((invoice["credit_notes"] as? [[String: Any]])?.compactMap { $0["refund_to"] as? String } == ["gateway", "gateway"])
            #expect(DemoGateway.refunds(of: payment.gatewayTransactionID) == 2)
        }
    }

    @Test("the page: the gateway's refusal is shown with the form as typed and nothing changes; then a refund is made and listed")
    func page() throws {
        try withPayment { c, payment in
            try c.query(#"UPDATE payment_gateways SET settings = settings || '{"refuse_refunds": true}' WHERE name = 'demo'"#)
            Fixtures.awayFromStepEnd()
            let staff = try InProcessBrowser.staff(application, on: c, role: .staff)
            #expect(staff.get("/admin/payments").text.contains("refund-form-\(payment.transactionID)"))
            let path = "/admin/payments/\(payment.transactionID)/refunds"
            let refused = staff.post(path, [("amount", "2.00"), ("reason", "typed reason"), ("code", try Fixtures.code(staff.totp))])
            #expect(refused.status == .conflict && refused.text.contains("demo bank refuses refunds") && refused.text.contains("typed reason"))
            #expect(try Invoices.find(id: payment.invoiceID, on: c)?.credited == .zero)
            try c.query(#"UPDATE payment_gateways SET settings = settings - 'refuse_refunds' WHERE name = 'demo'"#)
            try Fixtures.allowNextCode(staff.user, on: c)
            let done = staff.post(path, [("amount", "2.00"), ("reason", "Goodwill"), ("code", try Fixtures.code(staff.totp))])
            #expect(done.status == .seeOther && done.header("Location")?.hasPrefix("/admin/payments?refunded=") == true)
            let listed = staff.get(done.header("Location") ?? "/admin/payments").text
            #expect(listed.contains("payment-refunds") && listed.contains("Goodwill") && listed.contains("re_demo_") && listed.contains("refuses refunds"))
            #expect(try Invoices.find(id: payment.invoiceID, on: c)?.refunded == Money("2.00"))
        }
    }
}
