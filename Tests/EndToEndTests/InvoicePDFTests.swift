@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Invoice PDFs through the running stack: the job runner renders each issued invoice once")
struct InvoicePDFTests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    @Test("an order's invoice gets its PDF from `vpsctl jobs`; downloads answer those bytes; a credit note does not change them")
    func renderedByTheJobRunner() async throws {
        let staff = try Fixtures.staffActor(on: connection), customer = try Fixtures.customerActor(on: connection)
        let product = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products",
                                                Fixtures.productBody(["price_monthly": "20.00", "setup_fee": "0"]), headers: try staff.headers())
        let productID = try #require(try product.json()["id"] as? Int)
        let order = try await client.sendJSON("POST", "/api/v1/orders", ["items": [["product_id": productID, "billing_cycle": "monthly"]]],
                                              headers: customer.headers)
        let invoiceID = try #require(try order.json()["invoice_id"] as? Int)
        // Ahead of the renders other tests queued (the queue is oldest first); the job runner still does the work.
        try connection.query("UPDATE invoice_document_jobs SET run_after = now() - interval '1 hour' WHERE invoice_id = $1 AND status = 'queued'",
                             [invoiceID])
        let stored = try await eventually(timeout: 90) {
            try connection.query("SELECT bytes, sha256 FROM invoice_documents WHERE invoice_id = $1", [invoiceID]).firstRow
        }
        let row = try #require(stored, "the job runner stored no PDF")
        let bytes = Data(try row.decode(PostgresBytes.self, "bytes").bytes)
        #expect(try connection.query("SELECT 1 FROM invoice_document_jobs WHERE invoice_id = $1", [invoiceID]).count == 0)

        let number = try #require(try await client.send("GET", "/api/v1/invoices/\(invoiceID)", headers: customer.headers).json()["number"] as? String)
        let download = try await client.send("GET", "/api/v1/invoices/\(invoiceID)/pdf", headers: customer.headers)
        #expect(download.status == 200 && download.header("Content-Type") == "application/pdf")
        #expect(download.header("Content-Disposition") == "attachment; filename=\"\(number).pdf\"")
        #expect(download.body == bytes && download.body.starts(with: Array("%PDF-".utf8)))
        let text = try pdfText(download.body)
        #expect(text.contains(number) && text.contains("20.00"), "\(text)")

        let note = try await client.sendJSON("POST", "/api/v1/invoices/\(invoiceID)/credit-notes", ["amount": "5.00", "reason": "Outage"],
                                             headers: try staff.headers(code: 0))
        #expect(note.status == 201, "\(note.text)")
        let again = try await client.send("GET", "/api/v1/invoices/\(invoiceID)/pdf", headers: try staff.headers())
        #expect(again.body == bytes, "the stored document of record is never rendered again")
        #expect(try await client.send("GET", "/api/v1/invoices/\(invoiceID)/pdf", headers: try Fixtures.customerActor(on: connection).headers)
            .status == 404)
    }
}
