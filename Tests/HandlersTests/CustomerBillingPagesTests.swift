@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

@Suite("The customer's billing tab (staff) and its JSON twin")
struct CustomerBillingPagesTests {
    let application: PortalApplication
    let connection: PostgresConnection

    init() throws {
        application = .portal(services: try TestServices.make())
        connection = try TestEnvironment.connect()
    }

    @Test("services with next due date, invoices, amount due and credit; adding credit needs a code and a valid amount")
    func billingTab() throws {
        let staff = try InProcessBrowser.staff(application, on: connection)
        let customer = try Fixtures.customer(on: connection)
        let order = try OrderPlacement.place(
            customerID: customer.id, lines: [OrderLine(productID: try Fixtures.product(on: connection).id, billingCycle: .monthly, quantity: 1)],
            notes: "", on: connection, actor: .commandLine, origin: .commandLine)
        let invoiceID = try #require(order.invoiceID)
        let path = "/admin/customers/\(customer.id)/billing"

        let unpaid = staff.get(path)
        #expect(unpaid.status == .ok)
        #expect(unpaid.text.contains("/admin/invoices/\(invoiceID)"))
        #expect(unpaid.text.contains("<dt>Amount due</dt><dd>10.00 EUR</dd>"), "\(unpaid.text)")
        #expect(unpaid.text.contains("No services."), "servers exist once the order is paid")
        #expect(staff.get("/admin/customers/\(customer.id)").text.contains(path))

        let paid = staff.post("/admin/invoices/\(invoiceID)/payments", [("amount", "10.00"), ("method", "bank_transfer"), ("reference", "r"),
                                                                        ("code", try Fixtures.code(staff.totp))])
        #expect(paid.status == .seeOther, "\(paid.text.prefix(300))")
        let server = try #require(try connection.query(
            "SELECT id, next_due_date FROM server_instances WHERE customer_id = $1", [customer.id]).firstRow)
        let afterPayment = staff.get(path)
        #expect(afterPayment.text.contains("/admin/servers/\(try server.decode(Int.self, "id"))"))
        #expect(afterPayment.text.contains("<td>monthly</td><td class=\"num\">10.00</td><td>\(try server.decode(CalendarDay.self, "next_due_date"))</td>"))
        #expect(afterPayment.text.contains("<dt>Amount due</dt><dd>nothing</dd>"))

        let noCode = staff.post(path.replacingOccurrences(of: "/billing", with: "/credit"), [("amount", "5.00"), ("reason", "goodwill")])
        #expect(noCode.status == .unauthorized)
        let bad = staff.post(path.replacingOccurrences(of: "/billing", with: "/credit"),
                             [("amount", "5.001"), ("reason", "typed reason"), ("code", try Fixtures.code(staff.totp, steps: 1))])
        #expect(bad.status == .unprocessableContent)
        #expect(bad.text.contains(#"value="5.001""#) && bad.text.contains("typed reason") && bad.text.contains("credit-amount-error"))
        #expect(try connection.query("SELECT 1 FROM credit_entries WHERE customer_id = $1", [customer.id]).count == 0)

        let colleague = try InProcessBrowser.staff(application, on: connection, role: .staff)
        let added = colleague.post(path.replacingOccurrences(of: "/billing", with: "/credit"),
                                   [("amount", "5.00"), ("reason", "goodwill"), ("code", try Fixtures.code(colleague.totp))])
        #expect(added.status == .seeOther, "\(added.text.prefix(300))")
        let withCredit = colleague.get(path + "?added=1")
        #expect(withCredit.text.contains(#"<dd id="credit-balance">5.00 EUR</dd>"#))
        #expect(withCredit.text.contains("Credit added.") && withCredit.text.contains("goodwill"))

        let api = try InProcessAPI(application, on: connection, as: staff.user)
        let json = try api.send("GET", "/api/v1/customers/\(customer.id)/billing").object()
        #expect((json["customer"] as? [String: Any])?["id"] as? Int == customer.id)
        #expect((json["services"] as? [[String: Any]])?.first?["billing_cycle"] as? String == "monthly")
        #expect((json["invoices"] as? [[String: Any]])?.first?["status"] as? String == "paid")
        #expect(json["unpaid_invoices"] as? Int == 0)
        #expect((json["credit"] as? [String: Any])?["balance"] as? String == "5.00")
        #expect(api.send("GET", "/api/v1/customers/999999999/billing").status == .notFound)
        let customerAPI = try InProcessAPI(application, on: connection, as: customer)
        #expect(customerAPI.send("GET", "/api/v1/customers/\(customer.id)/billing").status == .forbidden)
    }
}
