@testable import Domain
import Foundation
import Postgres
import Testing

extension BillingSimulationTests {
    /// After the two years: the simulation cancelled enough services both ways, paying customers among
    /// them, reverted some, and every reverted service was billed the period from its former cancellation date.
    func expectCancellations(_ cancellations: [Int: BillingWorld.Cancellation], in world: BillingWorld) throws {
        let standing = cancellations.filter { $0.value.revertedOn == nil }
        #expect(standing.values.filter { $0.when == .immediate }.count >= 5, "the simulation needs immediate cancellations")
        #expect(standing.values.filter { $0.when == .endOfPeriod }.count >= 5, "the simulation needs cancellations at the end of the period")
        let last = CalendarDay(year: 2025, month: 12, day: 31)
        let cancelled = try world.connection.query("SELECT count(*) AS n FROM server_instances WHERE billing_status = 'cancelled'")[0].decode(Int.self, "n")
        #expect(cancelled == standing.values.filter { $0.effective <= last }.count, "every cancellation dated by the last day took effect")
        var paying = 0
        for id in standing.keys {
            let owner = try world.connection.query("SELECT customer_id FROM server_instances WHERE id = $1", [id])[0].decode(Int.self, "customer_id")
            if world.habits[owner] != .never { paying += 1 }
        }
        #expect(paying >= 3, "customers who pay cancel too")
        let reverted = cancellations.filter { $0.value.revertedOn != nil }
        #expect(reverted.count >= 2, "the simulation needs reverted cancellations")
        for (id, former) in reverted where former.effective <= last {
            let billed = try world.connection.query(
                """
                SELECT count(*) AS n FROM billing_periods bp JOIN invoices i ON i.id = bp.invoice_id
                WHERE bp.service_id = $1 AND bp.period_start = $2 AND i.status <> 'cancelled'
                """, [id, former.effective])[0].decode(Int.self, "n")
            #expect(billed == 1, "reverted service \(id) is billed from \(former.effective) as before")
        }
    }
}
