@testable import Domain
import Foundation
import Postgres

/// What must hold after every simulated day, each computed independently of the engine
/// (periods from `CalendarDay.adding`, sums in Swift), returned as readable violations.
struct BillingInvariants {
    let connection: PostgresConnection
    let leadDays = 14

    func violations(
        today: CalendarDay, tickedToday: Bool, changes: [Int: [BillingWorld.Change]] = [:], cancellations: [Int: BillingWorld.Cancellation] = [:]
    ) throws -> [String] {
        var problems: [String] = []
        // No service invoiced twice for a period (on invoices that stand).
        for row in try connection.query(
            """
            SELECT ii.service_id, ii.period_start, count(*) AS n FROM invoice_items ii JOIN invoices i ON i.id = ii.invoice_id
            WHERE ii.service_id IS NOT NULL AND ii.kind IN ('new_service', 'renewal') AND i.status <> 'cancelled' GROUP BY 1, 2 HAVING count(*) > 1
            """) {
            problems.append("service \(try row.decode(Int.self, "service_id")) invoiced twice for \(try row.decode(String.self, "period_start"))")
        }
        // Totals exact: subtotal = Σ items, total = subtotal + tax, amount due = total − Σ payments, paid ⇔ nothing due.
        for row in try connection.query(
            """
            SELECT i.id, i.status, i.subtotal, i.tax, i.total, i.amount_due,
                   (SELECT coalesce(sum(amount), 0) FROM invoice_items WHERE invoice_id = i.id) AS items,
                   (SELECT coalesce(sum(amount), 0) FROM payments WHERE invoice_id = i.id) AS paid
            FROM invoices i WHERE i.status <> 'draft'
            """) {
            let id = try row.decode(Int.self, "id")
            let subtotal = try row.decode(Money.self, "subtotal"), total = try row.decode(Money.self, "total")
            let due = try row.decode(Money.self, "amount_due"), status = try row.decode(String.self, "status")
            if subtotal != (try row.decode(Money.self, "items")) { problems.append("invoice \(id): subtotal is not the sum of its items") }
            let tax = try row.decode(Money.self, "tax")
            if total != subtotal + tax { problems.append("invoice \(id): total is not subtotal + tax") }
            if due.cents != total.cents - (try row.decode(Money.self, "paid")).cents { problems.append("invoice \(id): amount due is off") }
            if (status == "paid") != (due.cents == 0) { problems.append("invoice \(id): \(status) with \(due) due") }
        }
        // Invoice numbers gapless per year: 1…n, each once.
        for row in try connection.query(
            "SELECT number_year, count(*) AS n, count(DISTINCT number_seq) AS d, max(number_seq) AS top FROM invoices WHERE number IS NOT NULL GROUP BY 1") {
            let n = try row.decode(Int.self, "n")
            let distinct = try row.decode(Int.self, "d"), top = try row.decode(Int.self, "top")
            if n != distinct || n != top {
                problems.append("invoice numbers of \(try row.decode(Int.self, "number_year")) have a gap or a repeat")
            }
        }
        problems += try serviceViolations(today: today, tickedToday: tickedToday, changes: changes)
        problems += try cancellationViolations(today: today, tickedToday: tickedToday, cancellations: cancellations)
        return problems
    }

    /// Per service: the periods invoiced are exactly the ones due (when the tick ran today; a cancelled
    /// service none after its open renewals were cancelled, a service being cancelled none from its
    /// cancellation date), each at the recurring amount (a service that changed product: the money billed is
    /// exact, see `changedMoney`), and `next_due_date` is the end of the paid periods from the start.
    /// Between ticks a period may be missing: a cancellation that cancels an invoice releases the periods of
    /// the customer's other services on it, and the next tick invoices them again.
    private func serviceViolations(today: CalendarDay, tickedToday: Bool, changes: [Int: [BillingWorld.Change]]) throws -> [String] {
        var problems: [String] = []
        let adjustments = try changeAdjustments()
        let horizon = today.adding(days: leadDays)
        for row in try connection.query(
            """
            SELECT s.id, s.billing_cycle, s.billing_anchor, s.next_due_date, s.billing_status, s.recurring_amount, s.cancellation_date,
                   coalesce(string_agg(bp.period_start || '/' || bp.period_end || '/' || ii.amount || '/' || (i.status = 'paid'), ','
                                       ORDER BY bp.period_start), '') AS periods
            FROM server_instances s LEFT JOIN billing_periods bp ON bp.service_id = s.id
            LEFT JOIN invoices i ON i.id = bp.invoice_id
            LEFT JOIN invoice_items ii ON ii.invoice_id = bp.invoice_id
                 AND (ii.service_id = bp.service_id AND ii.period_start = bp.period_start AND ii.kind = 'renewal'
                      OR ii.service_id IS NULL AND ii.kind = 'new_service'
                      AND ii.order_item_id = s.order_item_id)
            WHERE s.billing_cycle IS NOT NULL GROUP BY s.id ORDER BY s.id
            """) {
            let id = try row.decode(Int.self, "id")
            let months = BillingCycle(rawValue: try row.decode(String.self, "billing_cycle"))!.months
            let anchor = try row.decode(CalendarDay.self, "billing_anchor")
            let recurring = try row.decode(Money.self, "recurring_amount")
            let periods = try row.decode(String.self, "periods").split(separator: ",").map { $0.split(separator: "/").map(String.init) }
            let status = try row.decode(String.self, "billing_status")
            let cancellationDate = try row.decode(CalendarDay?.self, "cancellation_date")
            var paidThrough = anchor
            var stillPaid = true
            var k = 0
            for period in periods {
                while anchor.adding(months: k * months, anchorDay: anchor.day).description < period[0] {
                    if tickedToday && status != "cancelled" { problems.append("service \(id): period \(k) is missing") }
                    stillPaid = false
                    k += 1
                }
                let start = anchor.adding(months: k * months, anchorDay: anchor.day)
                let end = anchor.adding(months: (k + 1) * months, anchorDay: anchor.day)
                if period[0] != start.description || period[1] != end.description {
                    problems.append("service \(id): period \(k) is \(period[0])–\(period[1]), expected \(start)–\(end)")
                    break
                }
                if k > 0 && changes[id] == nil && Money(period[2]) != recurring {
                    problems.append("service \(id): period \(k) billed \(period[2]), not \(recurring)")
                }
                if stillPaid && period[3] == "true" { paidThrough = end } else { stillPaid = false }
                k += 1
            }
            // No period missed while the service is active: a cancelled one is billed no more, one being
            // cancelled nothing from its cancellation date.
            let next = anchor.adding(months: k * months, anchorDay: anchor.day)
            if tickedToday && status != "cancelled" && next <= horizon && cancellationDate.map({ next < $0 }) ?? true {
                problems.append("service \(id): period from \(next) is due by \(horizon) but not invoiced")
            }
            if let made = changes[id] {
                let billed = periods.reduce(adjustments[id] ?? .zero) { $0 + (Money($1[2]) ?? .zero) }
                let expected = changedMoney(anchor: anchor, months: months, periods: periods.count, changes: made)
                if billed != expected { problems.append("service \(id): billed \(billed) net for its periods, expected \(expected) with its product changes") }
            }
            let nextDue = try row.decode(CalendarDay.self, "next_due_date")
            if nextDue != paidThrough { problems.append("service \(id): next_due_date \(nextDue), paid through \(paidThrough)") }
            if tickedToday && status != "cancelled" && (status == "overdue") != (nextDue < today) {
                problems.append("service \(id): billing status \(status) with next due \(nextDue)")
            }
        }
        return problems
    }
}

extension BillingInvariants {
    /// Per service: upgrade lines on standing invoices less downgrade credit.
    func changeAdjustments() throws -> [Int: Money] {
        var adjustments: [Int: Money] = [:]
        for row in try connection.query(
            """
            SELECT service_id, sum(amount) AS amount FROM (
              SELECT ii.service_id, ii.amount FROM invoice_items ii JOIN invoices i ON i.id = ii.invoice_id
              WHERE ii.kind = 'upgrade' AND i.status <> 'cancelled'
              UNION ALL
              SELECT c.service_id, -e.amount FROM service_product_changes c JOIN credit_entries e ON e.id = c.credit_entry_id) a
            GROUP BY service_id
            """) {
            adjustments[try row.decode(Int.self, "service_id")] = try row.decode(Money.self, "amount")
        }
        return adjustments
    }

    /// What `periods` invoiced periods of a service should cost in all, computed here: each period at
    /// the price in force at its start (after the changes made before that day), plus, for a change
    /// made within a period, (new − old) × days left ÷ days of that period, rounded half away from zero.
    func changedMoney(anchor: CalendarDay, months: Int, periods: Int, changes: [BillingWorld.Change]) -> Money {
        var cents: Int64 = 0
        for k in 0..<periods {
            let start = anchor.adding(months: k * months, anchorDay: anchor.day)
            let end = anchor.adding(months: (k + 1) * months, anchorDay: anchor.day)
            cents += (changes.last { $0.day < start }?.new ?? changes[0].old).cents
            for change in changes where start <= change.day && change.day < end {
                let delta = change.new.cents - change.old.cents
                let left = Int64(dayCount(change.day, end)), total = Int64(dayCount(start, end))
                let share = (2 * abs(delta) * left + total) / (2 * total)
                cents += delta < 0 ? -share : share
            }
        }
        return Money(cents: cents)
    }

    private func dayCount(_ from: CalendarDay, _ to: CalendarDay) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let dates = [from, to].map { calendar.date(from: DateComponents(year: $0.year, month: $0.month, day: $0.day))! }
        return calendar.dateComponents([.day], from: dates[0], to: dates[1]).day!
    }
}

extension CalendarDay {
    /// `days` later (a test helper through Foundation's calendar).
    func adding(days: Int) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day + days))!
        return CalendarDay(date, in: calendar.timeZone)
    }
}
