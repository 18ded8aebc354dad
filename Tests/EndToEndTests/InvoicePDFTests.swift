@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Invoice PDFs through nginx and a worker: rendered once, then always the same bytes")
struct InvoicePDFTests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    @Test("an order's invoice PDF is stored at its first download; later downloads answer those bytes; a credit note does not change them")
    func renderedByTheJobRunner() async throws {
        let staff = try Fixtures.staffActor(on: connection), customer = try Fixtures.customerActor(on: connection)
        let product = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products",
                                                Fixtures.productBody(["price_monthly": "20.00", "setup_fee": "0"]), headers: try staff.headers())
        let productID = try #require(try product.json()["id"] as? Int)
        let order = try await client.sendJSON("POST", "/api/v1/orders", ["items": [["product_id": productID, "billing_cycle": "monthly"]]],
                                              headers: customer.headers)
        let invoiceID = try #require(try order.json()["invoice_id"] as? Int)
        // The test stack renders PDFs only on download (VPS_PDF_THREADS=0; the job runner's render is
        // Tests/system/test_invoice_pdf_job.py): this first download renders and stores it in the worker.
        let number = try #require(try await client.send("GET", "/api/v1/invoices/\(invoiceID)", headers: customer.headers).json()["number"] as? String)
        let download = try await client.send("GET", "/api/v1/invoices/\(invoiceID)/pdf", headers: customer.headers)
        #expect(download.status == 200 && download.header("Content-Type") == "application/pdf")
        #expect(download.header("Content-Disposition") == "attachment; filename=\"\(number).pdf\"")
        #expect(download.body.starts(with: Array("%PDF-".utf8)))
        let row = try #require(try connection.query("SELECT bytes FROM invoice_documents WHERE invoice_id = $1", [invoiceID]).firstRow)
        let bytes = Data(try row.decode(PostgresBytes.self, "bytes").bytes)
        #expect(download.body == bytes)
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
