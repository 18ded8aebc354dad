@testable import Domain
import Foundation
import Postgres
import TestSupport

extension BillingWorld {
    /// A cancellation a customer asked for on a simulated day (`revertedOn`: staff reverted it that day).
    struct Cancellation {
        var day: CalendarDay
        var when: ServiceCancellation.When
        var effective: CalendarDay
        var revertedOn: CalendarDay?
    }

    /// Every 23rd day (from day 5), owners cancel the services in one id class (`id % 62`, a new class
    /// each time, so about half the services are asked about once), a third at once and the rest at the
    /// end of the period; every 23rd day from day 16, staff revert the pending end-of-period requests of
    /// ids divisible by four. Runs before the tick, through `ServiceCancellation` with the simulated
    /// clock. Returns the requests and reverts made today.
    ///
    /// The choice depends only on the day, the service and its owner's habit, never on what a tick did, and
    /// a request is made only when its outcome cannot depend on the ticks either: the periods billed before
    /// the date, the date itself (the paid-through date, for the end of the period) and the open renewals the
    /// cancellation cancels must be the same whether the tick ran daily or every ten days. A run that skips the
    /// tick issues a customer's periods of ten days on one invoice, due on the earliest, so paying customers
    /// pay some periods earlier than daily, and an on-time payer has paid next period's renewal daily while a
    /// skipping run has not issued it yet. So customers who never pay cancel on any day, and paying customers
    /// only on a quiet day of the service: no period starts within 35 days before or 15 days after it (every
    /// period before it is fully paid in both runs, none after it is issued in either).
    func cancel(on today: CalendarDay, day: Int, reverted: Set<Int>) throws -> [(service: Int, cancellation: Cancellation)] {
        var made: [(service: Int, cancellation: Cancellation)] = []
        if day % 23 == 16, let staffUser = try Users.find(id: staffID, on: connection) {
            let staff = Caller(user: staffUser, origin: .commandLine, connection: connection)
            for row in try connection.query(
                """
                SELECT id FROM server_instances WHERE cancellation_when = 'end_of_period' AND cancellation_date > $1 AND id % 4 = 0 ORDER BY id
                """, [today]) {
                let id = try row.decode(Int.self, "id")
                _ = try ServiceCancellation.revert(instanceID: id, by: staff)
                made.append((id, Cancellation(day: today, when: .endOfPeriod, effective: today, revertedOn: today)))
            }
        }
        guard day % 23 == 5 else { return made }
        for row in try connection.query(
            """
            SELECT id, customer_id, billing_cycle, billing_anchor FROM server_instances
            WHERE billing_cycle IS NOT NULL AND cancellation_when IS NULL AND id % 62 = $1 ORDER BY id
            """, [day / 23]) {
            let id = try row.decode(Int.self, "id"), customerID = try row.decode(Int.self, "customer_id")
            let months = BillingCycle(rawValue: try row.decode(String.self, "billing_cycle"))!.months
            let anchor = try row.decode(CalendarDay.self, "billing_anchor")
            guard !reverted.contains(id), habits[customerID] == .never || quiet(anchor: anchor, months: months, on: today),
                  let user = try Users.find(id: customerID, on: connection) else { continue }
            try connection.query("UPDATE server_instances SET status = 'active' WHERE id = $1", [id])
            let when: ServiceCancellation.When = id % 3 == 0 ? .immediate : .endOfPeriod
            let outcome = try ServiceCancellation.request(instanceID: id, when: when, by: Caller(user: user, origin: .commandLine, connection: connection),
                                                          at: BillingWorld.moment(today))
            made.append((id, Cancellation(day: today, when: when, effective: outcome.effectiveDate ?? today)))
        }
        return made
    }

    /// No period of the service (anchor, cycle of `months`) starts from 35 days before `today` to 15 days after it.
    func quiet(anchor: CalendarDay, months: Int, on today: CalendarDay) -> Bool {
        let from = today.adding(days: -35), to = today.adding(days: 15)
        var k = 0
        while true {
            let start = anchor.adding(months: k * months, anchorDay: anchor.day)
            if start > to { return true }
            if start >= from { return false }
            k += 1
        }
    }
}
