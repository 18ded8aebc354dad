@testable import Domain
import Foundation
import Postgres

extension BillingInvariants {
    /// What must hold of cancellations after every day, given the requests the simulation made:
    /// - a service whose cancellation took effect has no period from its cancellation date on a standing
    ///   (non-cancelled) invoice; one still pending none invoiced after the day it was asked for (a renewal
    ///   issued before stays open until the date: staff may still revert);
    /// - once the tick has run on or after its date, a service is `cancelled` with exactly one terminate
    ///   job, and no service that is not cancelled has one;
    /// - every request is recorded as made (when, date), and a reverted one is gone: the service is not
    ///   cancelled and bills on as usual (its periods are checked like any other's in `serviceViolations`).
    func cancellationViolations(today: CalendarDay, tickedToday: Bool, cancellations: [Int: BillingWorld.Cancellation]) throws -> [String] {
        var problems: [String] = []
        var seen = Set<Int>()
        for row in try connection.query(
            """
            SELECT s.id, s.billing_status, s.cancellation_when, s.cancellation_date, coalesce(t.n, 0) AS terminate_jobs,
                   coalesce(a.n, 0) AS after_date, a.last_issued
            FROM server_instances s
            LEFT JOIN (SELECT instance_id, count(*) AS n FROM jobs WHERE action = 'terminate' GROUP BY 1) t ON t.instance_id = s.id
            LEFT JOIN (SELECT bp.service_id, count(*) AS n, max(i.issue_date) AS last_issued
                       FROM billing_periods bp JOIN server_instances c ON c.id = bp.service_id JOIN invoices i ON i.id = bp.invoice_id
                       WHERE bp.period_start >= c.cancellation_date AND i.status <> 'cancelled' GROUP BY 1) a ON a.service_id = s.id
            WHERE s.cancellation_when IS NOT NULL OR s.billing_status = 'cancelled' OR t.n IS NOT NULL
            ORDER BY s.id
            """) {
            let id = try row.decode(Int.self, "id")
            seen.insert(id)
            let status = try row.decode(String.self, "billing_status"), jobs = try row.decode(Int.self, "terminate_jobs")
            let when = try row.decode(String?.self, "cancellation_when"), date = try row.decode(CalendarDay?.self, "cancellation_date")
            let afterDate = try row.decode(Int.self, "after_date")
            guard let asked = cancellations[id], asked.revertedOn == nil else {
                let recorded = "\(when ?? "none") on \(date?.description ?? "no date")"
                problems.append("service \(id): \(status), cancellation \(recorded), \(jobs) terminate jobs, but no cancellation is pending")
                continue
            }
            if when != asked.when.rawValue || date != asked.effective {
                let recorded = "\(when ?? "none") on \(date?.description ?? "no date")"
                problems.append("service \(id): cancellation \(recorded), asked \(asked.when.rawValue) for \(asked.effective)")
            }
            if status == "cancelled" {
                if afterDate > 0 { problems.append("service \(id): cancelled from \(asked.effective), \(afterDate) later periods still invoiced") }
                if jobs != 1 { problems.append("service \(id): cancelled with \(jobs) terminate jobs") }
            } else {
                if jobs != 0 { problems.append("service \(id): \(status) with \(jobs) terminate jobs") }
                if let issued = try row.decode(CalendarDay?.self, "last_issued"), issued >= asked.day {
                    problems.append("service \(id): a period from its cancellation date \(asked.effective) was invoiced on \(issued), after the request")
                }
                if tickedToday && asked.effective <= today { problems.append("service \(id): cancellation date \(asked.effective) passed, still \(status)") }
            }
        }
        for (id, asked) in cancellations where asked.revertedOn == nil && !seen.contains(id) {
            problems.append("service \(id): its cancellation asked on \(asked.day) is not recorded")
        }
        return problems
    }
}
