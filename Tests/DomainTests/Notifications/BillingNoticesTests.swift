@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Billing emails: invoice issued (with its PDF) and payment received, queued with their change")
struct BillingNoticesTests {
    @Test("placing an order queues invoice.issued for the customer; delivered as .eml with the stored PDF; a payment queues payment.received")
    func invoiceAndPaymentEmails() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 1)
            let connection = world.connection
            try connection.query("UPDATE users SET name = 'Jörg\r\nBcc: spy@example.test' WHERE id = \(world.customers[0])")
            let order = try OrderPlacement.place(customerID: world.customers[0], lines: [OrderLine(productID: world.products[0], billingCycle: .monthly)],
                                                 on: connection, actor: .system, origin: .commandLine)
            let invoiceID = try #require(order.invoiceID)
            let invoice = try #require(try Invoices.find(id: invoiceID, on: connection))
            let number = try #require(invoice.number)
            // The order also queues order.placed (for the customer) and staff.order.new (for the staff mailbox).
            let queued = try connection.query("SELECT event_key, recipient, invoice_id FROM outbox_messages WHERE event_key LIKE 'invoice.%'")
            #expect(queued.count == 1)
            #expect(try queued[0].decode(String.self, "event_key") == "invoice.issued:\(invoice.id)")
            #expect(try queued[0].decode(String.self, "recipient") == "sim0@example.test")

            let pdf = Array("%PDF-1.4\n% test document\n".utf8)
            try connection.query("INSERT INTO invoice_documents (invoice_id, bytes, sha256) VALUES (\(invoice.id), \(PostgresBytes(pdf)), \(try Digest.sha256(pdf).hexString))")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            #expect(try Outbox.runNext(channels: [EmailChannel(mailDirectory: directory, box: try Fixtures.box())], runnerKey: 1, on: connection))
            let eml = try String(contentsOfFile: directory + "/invoice.issued_\(invoice.id).eml", encoding: .utf8)
            let headers = eml.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
            #expect(headers.contains("Subject: Invoice \(number)"))
            #expect(!headers.contains { $0.hasPrefix("Bcc:") })
            #expect(eml.contains("Content-Type: application/pdf") && eml.contains(Data(pdf).base64EncodedString()))
            let text = try connection.query("SELECT body_text FROM outbox_messages WHERE event_key LIKE 'invoice.%'")[0].decode(String.self, "body_text")
            #expect(text.contains("http://127.0.0.1:8080/my/invoices/\(invoice.id)") && text.contains("\(invoice.total)"))

            try InvoicePayments.apply(invoiceID: invoice.id, amount: invoice.total, method: "bank", reference: "r1", actor: .system, at: Date(), on: connection)
            let payment = try connection.query("SELECT id FROM payments WHERE invoice_id = \(invoice.id)")[0].decode(Int.self, "id")
            let paid = try connection.query("SELECT body_text FROM outbox_messages WHERE event_key = \("payment.received:\(payment)")")
            #expect(paid.count == 1)
            #expect(try paid.first?.decode(String.self, "body_text").contains("paid in full") == true)
        }
    }
}
