@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

@Suite("Invoice PDFs and credit notes over JSON and pages, request in, response out")
struct InvoiceDocumentAPITests {
    let application: PortalApplication
    let connection: PostgresConnection

    init() throws {
        application = .portal(services: try TestServices.make())
        connection = try TestEnvironment.connect()
    }

    /// An issued invoice of a new customer's order (monthly 10.00 + 1.50 setup).
    private func orderInvoice(for customer: User) throws -> Invoice {
        var input = ProductInput()
        input.scalars = ["name": "PDF VPS \(UUID().uuidString.prefix(5))", "server_type": "vps", "cpu_cores": "2", "ram_gb": "4",
                         "storage_gb": "50", "price_monthly": "10.00", "setup_fee": "1.50"]
        let product = try Products.create(try ProductDraft.validate(input), on: connection, actor: .commandLine, origin: .commandLine)
        let order = try OrderPlacement.place(customerID: customer.id, lines: [OrderLine(productID: product.id, billingCycle: .monthly)], notes: "",
                                             on: connection, actor: .commandLine, origin: .commandLine)
        let id = try #require(order.invoiceID)
        return try #require(try Invoices.find(id: id, on: connection))
    }

    @Test("GET …/pdf: the owner and staff get the one stored PDF as a download, identical every time; anyone else 404")
    func pdfDownload() throws {
        let customer = try Fixtures.customer(on: connection)
        let invoice = try orderInvoice(for: customer)
        let number = try #require(invoice.number)
        let owner = try InProcessAPI(application, on: connection, as: customer)
        let other = try InProcessAPI(application, on: connection, as: try Fixtures.customer(on: connection))
        #expect(other.send("GET", "/api/v1/invoices/\(invoice.id)/pdf").status == .notFound)
        #expect(owner.send("GET", "/api/v1/invoices/999999999/pdf").status == .notFound)

        let first = owner.send("GET", "/api/v1/invoices/\(invoice.id)/pdf")
        #expect(first.status == .ok, "\(first.text.prefix(300))")
        #expect(first.header("Content-Type") == "application/pdf")
        #expect(first.header("Content-Disposition") == "attachment; filename=\"\(number).pdf\"")
        #expect(first.body.starts(with: Array("%PDF-".utf8)))
        let second = owner.send("GET", "/api/v1/invoices/\(invoice.id)/pdf")
        #expect(second.body == first.body)
        let staff = try InProcessBrowser.staff(application, on: connection)
        #expect(staff.get("/admin/invoices/\(invoice.id)/pdf").body == first.body)
        let browser = try InProcessBrowser.signedIn(application, on: connection, as: customer, totp: TOTP(secret: Array(repeating: 7, count: 20)))
        #expect(browser.get("/my/invoices/\(invoice.id)/pdf").body == first.body)
        #expect(browser.get("/my/invoices/\(invoice.id)").text.contains("/my/invoices/\(invoice.id)/pdf"))
        #expect(try connection.query("SELECT count(*) AS n FROM invoice_documents WHERE invoice_id = $1", [invoice.id])[0].decode(Int.self, "n") == 1)
    }

    @Test("POST …/credit-notes: bad input names its field, unknown 404, customers 403, draft or cancelled 409; a good one is listed on the invoice")
    func creditNotesJSON() throws {
        let customer = try Fixtures.customer(on: connection)
        let invoice = try orderInvoice(for: customer)
        let (staffUser, totp) = try Fixtures.enrolledStaff(on: connection)
        let staff = try InProcessAPI(application, on: connection, as: staffUser)
        let path = "/api/v1/invoices/\(invoice.id)/credit-notes"
        let code = try Fixtures.code(totp)
        func post(_ object: [String: Any], to target: String = path, code: String? = code) throws -> Response {
            try staff.send("POST", target, object: object, headers: code.map { ["X-2FA-Code": $0] } ?? [:])
        }
        #expect(try post(["amount": "-1.00", "reason": "r"]).problemFields(422) == ["amount"])
        #expect(try post(["amount": "1.001", "reason": "r"]).problemFields(422) == ["amount"])
        #expect(try post(["amount": 1.001, "reason": "r"]).problemFields(422) == ["amount"])
        #expect(try post(["amount": "99999999999999.00", "reason": "r"]).problemFields(422) == ["amount"])
        #expect(try post(["amount": "11.51", "reason": "r"]).problemFields(422) == ["amount"])
        #expect(try post(["amount": "1.00", "reason": ""]).problemFields(422) == ["reason"])
        #expect(try post(["amount": "1.00", "reason": "r", "refund_to": "pocket"]).problemFields(422) == ["refund_to"])
        #expect(try post(["amount": "1.00", "reason": "r"], to: "/api/v1/invoices/999999999/credit-notes").status == .notFound)
        #expect(try post(["amount": "1.00", "reason": "r"], code: nil).status.code == 401)
        let asCustomer = try InProcessAPI(application, on: connection, as: customer)
        #expect(try asCustomer.send("POST", path, object: ["amount": "1.00", "reason": "r"], headers: ["X-2FA-Code": "123456"]).status == .forbidden)
        for status in ["draft", "cancelled"] {
            let other = try orderInvoice(for: customer)
            try connection.query("UPDATE invoices SET status = $2 WHERE id = $1", [other.id, status])
            #expect(try post(["amount": "1.00", "reason": "r"], to: "/api/v1/invoices/\(other.id)/credit-notes").status == .conflict)
        }
        #expect(try Invoices.find(id: invoice.id, on: connection)?.creditNotes == [], "nothing changed")

        let created = try post(["amount": "1.50", "reason": "Setup fee waived"])
        #expect(created.status == .created, "\(created.text.prefix(300))")
        let note = try created.object()
        #expect((note["number"] as? String)?.hasPrefix("CN-") == true && note["reduced_due"] as? String == "1.50" && note["refund_to"] is NSNull)
        let shown = try staff.send("GET", "/api/v1/invoices/\(invoice.id)").object()
        #expect(shown["credited"] as? String == "1.50" && shown["amount_due"] as? String == "10.00")
        #expect((shown["credit_notes"] as? [[String: Any]])?.first?["number"] as? String == note["number"] as? String)
        #expect(try asCustomer.send("GET", "/api/v1/invoices/\(invoice.id)").object()["credit_notes"] is [Any])
    }

    @Test("the staff page: a credit note with its code, then listed on both invoice pages; a refused one re-shows the form as typed")
    func creditNotePage() throws {
        let customer = try Fixtures.customer(on: connection)
        let invoice = try orderInvoice(for: customer)
        let staff = try InProcessBrowser.staff(application, on: connection)
        let path = "/admin/invoices/\(invoice.id)"
        #expect(staff.get(path).text.contains("credit-note-form"))
        let refused = staff.post(path + "/credit-notes", [("amount", "12.00"), ("reason", "typed reason"), ("refund_to", "outside"),
                                                          ("code", try Fixtures.code(staff.totp))])
        #expect(refused.status.code == 422 && refused.text.contains("typed reason") && refused.text.contains("credit-amount-error"))
        let settling = staff.post(path + "/credit-notes", [("amount", "11.50"), ("reason", "Free order"), ("code", try Fixtures.code(staff.totp))])
        #expect(settling.status == .conflict && settling.text.contains("pending order"), "a pending order's invoice is settled by the order")
        let done = staff.post(path + "/credit-notes", [("amount", "1.50"), ("reason", "Goodwill"), ("refund_to", "outside"),
                                                       ("code", try Fixtures.code(staff.totp))])
        #expect(done.status == .seeOther && done.header("Location") == path + "?done=credited")
        let page = staff.get(path)
        #expect(page.text.contains("invoice-credit-notes") && page.text.contains("Goodwill") && page.text.contains("credit-note-form"))
        let after = try #require(try Invoices.find(id: invoice.id, on: connection))
        #expect(after.status == .unpaid && after.amountDue == Money("10.00") && after.credited == Money("1.50"))
        let customerPage = try InProcessBrowser.signedIn(application, on: connection, as: customer, totp: TOTP(secret: Array(repeating: 7, count: 20)))
        #expect(customerPage.get("/my/invoices/\(invoice.id)").text.contains("Goodwill"))
    }
}
