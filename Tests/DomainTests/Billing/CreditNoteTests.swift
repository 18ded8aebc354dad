@testable import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("Credit notes and refunds")
struct CreditNoteTests {
    /// A fresh world with one customer and one order's invoice (9.99, monthly, no setup fee), paid in full when `paid`.
    private func invoice(_ world: BillingWorld, paid: Bool) throws -> Invoice {
        let line = OrderLine(productID: world.products[0], billingCycle: .monthly)
        let order = try OrderPlacement.place(customerID: world.customers[0], lines: [line], on: world.connection, actor: .system, origin: .commandLine)
        let id = try #require(order.invoiceID)
        if paid {
            try InvoicePayments.apply(invoiceID: id, amount: Money("9.99")!, method: "bank", reference: "", actor: .system, at: Date(), on: world.connection)
        }
        return try #require(try Invoices.find(id: id, on: world.connection))
    }

    private func credit(_ invoice: Invoice, _ amount: String, to destination: RefundDestination? = .outside, on connection: PostgresConnection)
        throws -> CreditNote {
        try CreditNotes.issue(invoiceID: invoice.id, amount: Money(amount)!, reason: "test", refundTo: destination, actor: .system, at: Date(),
                              on: connection).1
    }

    @Test("numbers are gapless per year under their own prefix and counter; a refused note takes no number")
    func numbering() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 1)
            let invoice = try invoice(world, paid: true)
            let year = String(CalendarDay(Date(), in: TimeZone(identifier: "UTC")!).year)
            #expect(try credit(invoice, "1.00", on: world.connection).number == "CN-\(year)-000001")
            #expect(throws: DomainError.self) { try credit(invoice, "9.00", on: world.connection) }
            #expect(try credit(invoice, "2.00", on: world.connection).number == "CN-\(year)-000002")
            let counters = try world.connection.query("SELECT year, last_number FROM credit_note_number_counters")
            #expect(try counters.count == 1 && counters[0].decode(Int.self, "last_number") == 2)
            let invoiceNumbers = try world.connection.query("SELECT count(*) AS n FROM invoices WHERE number LIKE 'CN-%'")[0].decode(Int.self, "n")
            #expect(invoiceNumbers == 0)
        }
    }

    @Test("no more than what is still creditable; draft and cancelled invoices cannot be credited; bad input names its field")
    func limits() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 1)
            let invoice = try invoice(world, paid: true)
            #expect(throws: DomainError.invalid("amount", "must be at most 9.99, what is still creditable (total less credit notes)")) {
                try credit(invoice, "10.00", on: world.connection)
            }
            _ = try credit(invoice, "9.99", on: world.connection)
            #expect(throws: DomainError.conflict("The invoice is refunded; only an unpaid or paid invoice can be credited.")) {
                try credit(invoice, "0.01", on: world.connection)
            }
            for status in ["draft", "cancelled"] {
                let other = try self.invoice(world, paid: false)
                try world.connection.query("UPDATE invoices SET status = $2 WHERE id = $1", [other.id, status])
                #expect(throws: DomainError.self) { try credit(other, "1.00", on: world.connection) }
            }
            for (amount, reason, field) in [("0", "r", "amount"), ("-1.00", "r", "amount"), ("1.00", " ", "reason")] {
                #expect(throws: DomainError.invalid(field, field == "amount" ? "must be more than 0.00" : "must be 1 to 500 characters")) {
                    try CreditNotes.checked(amount: Money(amount)!, reason: reason)
                }
            }
        }
    }

    @Test("a partial refund to the credit balance shows in the ledger; the rest refunded outside makes the invoice refunded")
    func partialThenFullRefund() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 1)
            let invoice = try invoice(world, paid: true)
            let first = try credit(invoice, "4.00", to: .creditBalance, on: world.connection)
            #expect(first.refunded == Money("4.00") && first.reducedDue == .zero && first.refundTo == .creditBalance)
            var after = try #require(try Invoices.find(id: invoice.id, on: world.connection))
            #expect(after.status == .paid && after.refunded == Money("4.00") && after.credited == Money("4.00") && after.creditNotes == [first])
            let ledger = try CreditLedger.account(customerID: invoice.customerID, currency: "EUR", on: world.connection)
            #expect(ledger.balance == Money("4.00") && ledger.entries.map(\.kind) == ["refund"] && ledger.entries[0].invoiceID == invoice.id)

            _ = try credit(invoice, "5.99", to: .outside, on: world.connection)
            after = try #require(try Invoices.find(id: invoice.id, on: world.connection))
            #expect(after.status == .refunded && after.refunded == Money("9.99") && after.creditable == .zero && after.items == invoice.items)
            #expect(try CreditLedger.balance(customerID: invoice.customerID, currency: "EUR", on: world.connection) == Money("4.00"))
        }
    }

    @Test("on an unpaid renewal a credit note lowers the amount due; reaching 0 settles it as paid; a refund part needs refund_to; a pending order's invoice is settled by the order only")
    func unpaidInvoice() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 1)
            try world.placeOrders(on: CalendarDay("2024-01-31")!)
            let run = try BillingRun.tick(at: BillingWorld.moment(CalendarDay("2024-02-20")!), on: world.connection)
            let renewalID = try world.connection.query("SELECT id FROM invoices WHERE billing_run_id = $1 LIMIT 1", [run.runID])[0].decode(Int.self, "id")
            let renewal = try #require(try Invoices.find(id: renewalID, on: world.connection))
            #expect(renewal.status == .unpaid && renewal.amountDue.cents > 300)
            let first = try credit(renewal, "1.00", to: nil, on: world.connection)
            #expect(first.reducedDue == Money("1.00") && first.refunded == .zero && first.refundTo == nil)
            try InvoicePayments.apply(invoiceID: renewal.id, amount: Money("1.00")!, method: "bank", reference: "", actor: .system, at: Date(),
                                      on: world.connection)
            let rest = Money(cents: renewal.amountDue.cents - 200)
            // Crediting 0.50 more than is due would refund 0.50 of the 1.00 paid: it must say where to.
            #expect(throws: DomainError.invalid("refund_to", "is required: 0.50 of this returns money paid; choose credit_balance or outside")) {
                try credit(renewal, Money(cents: rest.cents + 50).description, to: nil, on: world.connection)
            }
            #expect(try credit(renewal, rest.description, to: nil, on: world.connection).reducedDue == rest)
            let after = try #require(try Invoices.find(id: renewal.id, on: world.connection))
            #expect(after.status == .paid && after.amountDue == .zero && after.refunded == .zero && after.credited == Money(cents: rest.cents + 100))

            let order = try OrderPlacement.place(customerID: world.customers[0], lines: [OrderLine(productID: world.products[0], billingCycle: .monthly)],
                                                 on: world.connection, actor: .system, origin: .commandLine)
            let orderInvoiceID = try #require(order.invoiceID)
            let orderInvoice = try #require(try Invoices.find(id: orderInvoiceID, on: world.connection))
            #expect(throws: DomainError.self) { try credit(orderInvoice, "9.99", to: nil, on: world.connection) }
            #expect(try credit(orderInvoice, "9.98", to: nil, on: world.connection).reducedDue == Money("9.98"))
        }
    }

    @Test("two credit notes at once on the same invoice: the row lock lets only what is creditable through")
    func concurrency() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 1)
            let invoice = try invoice(world, paid: true)
            let holder = try PostgresConnection(connectionString: url)
            try holder.query("BEGIN")
            try holder.query("SELECT 1 FROM invoices WHERE id = $1 FOR UPDATE", [invoice.id])
            let outcomes = Mutex<[String]>([])
            let threads = (0..<2).map { _ in
                Thread {
                    let outcome: String
                    do {
                        let connection = try PostgresConnection(connectionString: url)
                        outcome = try CreditNotes.issue(invoiceID: invoice.id, amount: Money("6.00")!, reason: "race", refundTo: .creditBalance,
                                                        actor: .system, at: Date(), on: connection).1.number
                    } catch {
                        outcome = "refused: \(error)"
                    }
                    outcomes.withLock { $0.append(outcome) }
                }
            }
            threads.forEach { $0.start() }
            usleep(300_000)  // both are waiting for the invoice's row lock
            try holder.query("COMMIT")
            while outcomes.withLock({ $0.count }) < 2 { usleep(10_000) }
            let results = outcomes.withLock { $0 }
            #expect(results.filter { $0.hasPrefix("CN-") }.count == 1, "\(results)")
            #expect(results.filter { $0.contains("must be at most 3.99") }.count == 1, "\(results)")
            let sums = try world.connection.query(
                "SELECT (SELECT sum(amount) FROM credit_notes) AS notes, (SELECT sum(amount) FROM credit_entries WHERE kind = 'refund') AS refunds")[0]
            #expect(try sums.decode(Money.self, "notes") == Money("6.00") && sums.decode(Money.self, "refunds") == Money("6.00"))
        }
    }
}
