@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

@Suite("Invoice pages, request in, response out")
struct InvoicePagesTests {
    let application: PortalApplication
    let connection: PostgresConnection

    init() throws {
        application = .portal(services: try TestServices.make())
        connection = try TestEnvironment.connect()
    }

    private func customerBrowser() throws -> InProcessBrowser {
        let user = try Fixtures.customer(on: connection)
        return try InProcessBrowser.signedIn(application, on: connection, as: user, totp: TOTP(secret: Array(repeating: 7, count: 20)))
    }

    /// A pending order for `customer` (monthly 10.00 + 1.50 setup, quantity `quantity`) and the invoice it issued.
    private func orderInvoice(for customer: User, quantity: Int = 1) throws -> Invoice {
        var input = ProductInput()
        input.scalars = ["name": "Invoice VPS \(UUID().uuidString.prefix(5))", "server_type": "vps", "cpu_cores": "2", "ram_gb": "4",
                         "storage_gb": "50", "price_monthly": "10.00", "setup_fee": "1.50"]
        let product = try Products.create(try ProductDraft.validate(input), on: connection, actor: .commandLine, origin: .commandLine)
        let order = try OrderPlacement.place(
            customerID: customer.id, lines: [OrderLine(productID: product.id, billingCycle: .monthly, quantity: quantity)], notes: "",
            on: connection, actor: .commandLine, origin: .commandLine)
        let caller = Caller(user: customer, origin: .commandLine, connection: connection)
        return try Invoices.visible(id: try #require(order.invoiceID), to: caller)
    }

    @Test("/my shows the amount-due banner; /my/invoices lists the customer's own; the detail prints; others' invoices 404")
    func customerInvoices() throws {
        let customer = try customerBrowser()
        let home = customer.get("/my")
        #expect(home.status == .ok)
        #expect(!home.text.contains("amount-due"), "no banner without unpaid invoices")
        #expect(customer.get("/my/invoices").text.contains("No invoices yet"))

        let first = try orderInvoice(for: customer.user)
        let second = try orderInvoice(for: customer.user, quantity: 2)
        let banner = customer.get("/my")
        #expect(banner.text.contains("You have 2 unpaid invoices, 34.50 EUR due."), "\(banner.text)")
        #expect(banner.text.contains(#"href="/my/invoices""#))

        let list = customer.get("/my/invoices")
        #expect(list.status == .ok)
        for invoice in [first, second] {
            #expect(list.text.contains(try #require(invoice.number)))
            #expect(list.text.contains("/my/invoices/\(invoice.id)"))
        }
        #expect(list.text.contains("23.00 EUR"))

        let detail = customer.get("/my/invoices/\(second.id)")
        #expect(detail.status == .ok)
        #expect(detail.text.contains("invoice-document"))
        #expect(detail.text.contains("Amount due"))
        #expect(detail.text.contains("23.00 EUR"))
        #expect(detail.text.contains("No payments yet"))

        let other = try customerBrowser()
        #expect(other.get("/my/invoices/\(second.id)").status == .notFound)
        #expect(!other.get("/my/invoices").text.contains(try #require(second.number)))
        #expect(other.get("/my/invoices/999999999").status == .notFound)
    }

    @Test("/my/invoices pages with a keyset cursor")
    func customerPaging() throws {
        let customer = try customerBrowser()
        let invoices = try (0..<3).map { _ in try orderInvoice(for: customer.user) }
        let firstPage = customer.get("/my/invoices?limit=2")
        #expect(firstPage.text.contains(try #require(invoices[2].number)))
        #expect(!firstPage.text.contains(try #require(invoices[0].number)))
        let next = try #require(firstPage.text.range(of: #"/my/invoices\?cursor=[^"]+"#, options: .regularExpression))
        let older = customer.get(String(firstPage.text[next]).replacingOccurrences(of: "&amp;", with: "&") + "&limit=2")
        #expect(older.text.contains(try #require(invoices[0].number)))
        #expect(!older.text.contains(try #require(invoices[2].number)))
    }

    @Test("the print stylesheet hides the navigation")
    func printStylesheet() throws {
        let css = try String(contentsOfFile: TestEnvironment.repositoryRoot + "/static/css/portal.css", encoding: .utf8)
        let print = try #require(css.range(of: "@media print"))
        #expect(css[print.upperBound...].contains(".nav"))
    }

    @Test("/admin/invoices filters by status, customer and number; a bad filter re-shows the list with 422")
    func staffList() throws {
        let staff = try InProcessBrowser.staff(application, on: connection)
        let customer = try Fixtures.customer(on: connection)
        let invoice = try orderInvoice(for: customer)
        let number = try #require(invoice.number)
        let byCustomer = staff.get("/admin/invoices?customer_id=\(customer.id)&status=unpaid")
        #expect(byCustomer.status == .ok)
        #expect(byCustomer.text.contains(number))
        #expect(byCustomer.text.contains("/admin/invoices/\(invoice.id)"))
        let byNumber = staff.get("/admin/invoices?number=\(number)")
        #expect(byNumber.text.contains(number))
        #expect(byNumber.text.components(separatedBy: #"href="/admin/invoices/"#).count == 2, "exactly one invoice has that number")
        #expect(staff.get("/admin/invoices?customer_id=\(customer.id)&status=paid").text.contains("No invoices match"))
        let refused = staff.get("/admin/invoices?status=lost")
        #expect(refused.status == .unprocessableContent)
        #expect(refused.text.contains("status must be one of"))
    }

    @Test("record a payment: no code 401, bad amount 422 with the form as typed, partial then full payment with codes; cancel a paid one 409")
    func staffPayment() throws {
        let staff = try InProcessBrowser.staff(application, on: connection)
        let customer = try Fixtures.customer(on: connection)
        let invoice = try orderInvoice(for: customer)
        let path = "/admin/invoices/\(invoice.id)"
        let page = staff.get(path)
        #expect(page.status == .ok)
        #expect(page.text.contains("payment-form"))
        #expect(page.text.contains("cancel-form"))

        let noCode = staff.post(path + "/payments", [("amount", "5.00"), ("method", "bank_transfer"), ("reference", "r1")])
        #expect(noCode.status == .unauthorized)
        #expect(noCode.text.contains("needs a current code"))
        let tooPrecise = staff.post(path + "/payments", [("amount", "5.001"), ("method", "bank_transfer"), ("reference", "ref-typed"),
                                                         ("code", try Fixtures.code(staff.totp))])
        #expect(tooPrecise.status == .unprocessableContent)
        #expect(tooPrecise.text.contains(#"value="5.001""#))
        #expect(tooPrecise.text.contains("ref-typed"))
        // (Paying more than is due is accepted since the credit ledger: the excess becomes credit.)
        let negative = staff.post(path + "/payments", [("amount", "-5.00"), ("method", "bank_transfer"), ("reference", ""),
                                                       ("code", try Fixtures.code(staff.totp))])
        #expect(negative.status == .unprocessableContent, "\(negative.text.prefix(300))")
        #expect(try Invoices.visible(id: invoice.id, to: Caller(user: staff.user, origin: .commandLine, connection: connection)).payments.isEmpty)

        let partial = staff.post(path + "/payments", [("amount", "5.00"), ("method", "bank_transfer"), ("reference", "r1"),
                                                      ("code", try Fixtures.code(staff.totp, steps: 1))])
        #expect(partial.status == .seeOther, "\(partial.text.prefix(300))")
        let afterPartial = staff.get(path)
        #expect(afterPartial.text.contains("6.50 EUR"), "amount due after 5.00 of 11.50")
        #expect(afterPartial.text.contains("Payment recorded") == false)
        // Each code is accepted once: a second staff member settles the rest.
        let colleague = try InProcessBrowser.staff(application, on: connection, role: .staff)
        let rest = colleague.post(path + "/payments", [("amount", "6.50"), ("method", "cash"), ("reference", "r2"),
                                                       ("code", try Fixtures.code(colleague.totp))])
        #expect(rest.status == .seeOther, "\(rest.text.prefix(300))")
        let paid = staff.get(path + "?done=paid")
        #expect(paid.text.contains("status-paid"))
        #expect(paid.text.contains("Payment recorded."))
        #expect(!paid.text.contains("payment-form"))
        let cancelPaid = colleague.post(path + "/cancel", [("code", try Fixtures.code(colleague.totp, steps: 1))])
        #expect(cancelPaid.status == .conflict, "\(cancelPaid.text.prefix(300))")
        #expect(cancelPaid.text.contains("invoice-document"), "the page is shown again")
    }

    @Test("cancel: a wrong code 403; an order's invoice is refused with 409 and the page again; the customer still owes it")
    func staffCancel() throws {
        let staff = try InProcessBrowser.staff(application, on: connection)
        let customer = try customerBrowser()
        let invoice = try orderInvoice(for: customer.user)
        #expect(customer.get("/my").text.contains("You have 1 unpaid invoice, 11.50 EUR due."))
        let wrong = staff.post("/admin/invoices/\(invoice.id)/cancel", [("code", "000000")])
        #expect(wrong.status == .forbidden)
        #expect(wrong.text.contains("cancel-form"))
        let refused = staff.post("/admin/invoices/\(invoice.id)/cancel", [("code", try Fixtures.code(staff.totp))])
        #expect(refused.status == .conflict, "\(refused.text.prefix(300))")
        #expect(refused.text.contains("cancel the order instead"))
        #expect(refused.text.contains("invoice-document"))
        #expect(customer.get("/my/invoices/\(invoice.id)").text.contains("status-unpaid"))
        #expect(customer.get("/my").text.contains("amount-due"))
    }
}
