@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Invoice PDFs: queued at issue, rendered once, stored as the document of record")
struct InvoicePDFQueueTests {
    /// A maker whose HTML is just the invoice number, rendered by `engine`.
    private func maker(_ engine: HTMLToPDF) -> InvoicePDFMaker {
        InvoicePDFMaker(engine: engine) { invoice in Array("<!doctype html><meta charset=utf-8><h1>Invoice \(invoice.number ?? "")</h1>".utf8) }
    }

    @Test("issuing queues one render; a failing renderer is retried with backoff; the stored PDF is never rendered again")
    func queueRendersOnce() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 1)
            let connection = world.connection
            let order = try OrderPlacement.place(customerID: world.customers[0], lines: [OrderLine(productID: world.products[0], billingCycle: .monthly)],
                                                 on: connection, actor: .system, origin: .commandLine)
            let id = try #require(order.invoiceID)
            let invoice = try #require(try Invoices.find(id: id, on: connection))
            #expect(try connection.query("SELECT invoice_id FROM invoice_document_jobs").map { try $0.decode(Int.self, "invoice_id") } == [invoice.id])

            let failing = maker(HTMLToPDF(path: "/bin/false"))
            #expect(try InvoicePDFQueue.runNext(maker: failing, runnerKey: 42, on: connection))
            let retry = try connection.query(
                "SELECT status, attempts, run_after > now() AS later, last_error FROM invoice_document_jobs WHERE invoice_id = $1", [invoice.id])[0]
            #expect(try retry.decode(String.self, "status") == "queued" && retry.decode(Int.self, "attempts") == 1 && retry.decode(Bool.self, "later"))
            #expect(try retry.decode(String.self, "last_error").contains("renderer failed"))
            #expect(try !InvoicePDFQueue.runNext(maker: failing, runnerKey: 42, on: connection), "not ready before its backoff")

            try connection.query("UPDATE invoice_document_jobs SET run_after = now()")
            #expect(try InvoicePDFQueue.runNext(maker: maker(HTMLToPDF()), runnerKey: 42, on: connection))
            #expect(try connection.query("SELECT 1 FROM invoice_document_jobs").count == 0)
            let stored = try InvoicePDFs.ensure(invoiceID: invoice.id, maker: failing, on: connection)
            #expect(stored.bytes.starts(with: Array("%PDF-".utf8)) && stored.number == invoice.number)
            #expect(try pdfText(stored.bytes).contains(try #require(invoice.number)))
            #expect(try Digest.sha256(stored.bytes).hexString == stored.sha256)
            #expect(try InvoicePDFs.ensure(invoiceID: invoice.id, maker: failing, on: connection).bytes == stored.bytes)
            #expect(try connection.query("SELECT count(*) AS n FROM invoice_documents")[0].decode(Int.self, "n") == 1)
        }
    }

    @Test("a hung renderer is killed at its time limit")
    func hungRendererIsKilled() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("hung-renderer-\(UUID().uuidString)")
        try "#!/bin/sh\nsleep 30\n".write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        defer { try? FileManager.default.removeItem(at: script) }
        let started = ContinuousClock.now
        #expect(throws: DocumentRenderError.self) { try HTMLToPDF(path: script.path, timeoutSeconds: 0.5).pdf(html: Array("<p>x".utf8)) }
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
