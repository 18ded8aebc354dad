@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Cancelling a renewal invoice")
struct InvoiceCancellationTests {
    @Test("releases its periods: the next run bills them again under a new number; it cannot be paid afterwards")
    func cancelReleasesPeriods() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 3)
            try world.placeOrders(on: CalendarDay("2024-01-31")!)
            let moment = BillingWorld.moment(CalendarDay("2024-02-20")!)
            let first = try BillingRun.tick(at: moment, on: world.connection)
            #expect(first.invoicesIssued > 0)
            let renewal = try world.connection.query(
                "SELECT id, customer_id, number FROM invoices WHERE billing_run_id = $1 ORDER BY id LIMIT 1", [first.runID])[0]
            let invoiceID = try renewal.decode(Int.self, "id")
            let periods = try world.connection.query("SELECT count(*) AS n FROM billing_periods WHERE invoice_id = $1", [invoiceID])[0]
                .decode(Int.self, "n")
            let (staff, totp) = try Fixtures.enrolledStaff(on: world.connection)
            let caller = Caller(user: staff, origin: Fixtures.origin(), connection: world.connection)
            let twoFactor = TwoFactor(box: try Fixtures.box())
            let cancelled = try InvoiceCancellation(twoFactor: twoFactor).cancel(invoiceID: invoiceID, by: caller, code: try Fixtures.code(totp))
            let number = try renewal.decode(String.self, "number")
            #expect(cancelled.status == .cancelled && cancelled.number == number)
            #expect(throws: DomainError.self) {
                try InvoicePayments(twoFactor: twoFactor).record(invoiceID: invoiceID, amount: Money("1.00")!, method: "bank", reference: "",
                                                               by: caller, code: try Fixtures.code(totp, steps: 1))
            }
            let again = try BillingRun.tick(at: moment, on: world.connection)
            #expect(again.invoicesIssued == 1 && again.periodsInvoiced == periods)
            let reissued = try world.connection.query(
                "SELECT number FROM invoices WHERE billing_run_id = $1 AND customer_id = $2", [again.runID, try renewal.decode(Int.self, "customer_id")])
            let newNumber = try reissued[0].decode(String.self, "number")
            #expect(reissued.count == 1 && newNumber != number)
        }
    }
}
