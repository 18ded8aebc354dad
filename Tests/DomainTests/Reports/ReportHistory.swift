@testable import Domain
import Foundation
import Postgres
import TestSupport

/// A history of several months made through the real use cases on the billing clock (the billing
/// world's orders, renewals, payments on time, late, partial, too much and never, upgrades, downgrades and
/// cancellations, plus refunds and dunning terminations), and the figures computed from the raw
/// rows in plain SQL — independent of the reports' facts.
struct ReportHistory {
    let world: BillingWorld
    var connection: PostgresConnection { world.connection }

    static func make(url: String, days: Int = 150, customers: Int = 12) throws -> ReportHistory {
        let world = try BillingWorld.make(url: url, customerCount: customers)
        try world.connection.query("UPDATE products SET monthly_cost = 3.17 * id, stock_count = CASE WHEN id % 2 = 0 THEN 50 END")
        try world.connection.query(
            "UPDATE dunning_settings SET enabled = true, suspend_after_days = 5, suspension_warning_days = 2, terminate_after_days = 20, termination_warning_days = 3")
        var today = CalendarDay(year: 2024, month: 1, day: 1)
        var cancellations: [Int: BillingWorld.Cancellation] = [:]
        for day in 0..<days {
            try world.placeOrders(on: today)
            let reverted = Set(cancellations.filter { $0.value.revertedOn != nil }.keys)
            for made in try world.cancel(on: today, day: day, reverted: reverted) where made.cancellation.revertedOn == nil {
                cancellations[made.service] = made.cancellation
            }
            if day % 2 == 0 { _ = try BillingRun.tick(at: BillingWorld.moment(today), on: world.connection) }
            _ = try world.changeProducts(on: today, day: day)
            try world.pay(on: today)
            if day % 23 == 7 {
                // An overpayment: the excess is money received too (kept as the customer's credit).
                if let row = try world.connection.query("SELECT id, amount_due FROM invoices WHERE status = 'unpaid' ORDER BY id LIMIT 1").firstRow {
                    try InvoicePayments.apply(invoiceID: try row.decode(Int.self, "id"), amount: try row.decode(Money.self, "amount_due") + Money("3.33")!,
                                              method: "transfer", reference: "over", actor: .system, at: BillingWorld.moment(today), on: world.connection)
                }
            }
            if day % 17 == 5 {
                // A refund to the card (outside) of part of a paid invoice.
                if let row = try world.connection.query(
                    "SELECT id, total - credited AS left FROM invoices WHERE status = 'paid' AND total - credited > 1 ORDER BY id DESC LIMIT 1").firstRow {
                    _ = try CreditNotes.issue(invoiceID: try row.decode(Int.self, "id"), amount: Money(cents: try row.decode(Money.self, "left").cents / 2),
                                              reason: "goodwill", refundTo: .outside, actor: .system, at: BillingWorld.moment(today), on: world.connection)
                }
            }
            if day % 9 == 4 { try ReportFacts.rollUp(batch: 40, on: world.connection) }
            today = today.adding(days: 1)
        }
        return ReportHistory(world: world)
    }

    func money(_ sql: String, _ parameters: [any PostgresEncodable]) throws -> Money {
        try connection.query(sql, parameters)[0].decode(Money?.self, "v") ?? .zero
    }

    /// The service spans and amounts from the raw rows, as a SQL prefix.
    static let services = """
        WITH svc AS (
          SELECT s.id, s.customer_id, s.billing_cycle, s.recurring_amount, s.billing_anchor AS start,
                 CASE WHEN s.billing_status = 'cancelled' THEN greatest(s.billing_anchor, s.cancellation_date)
                      WHEN s.status = 'terminated' THEN greatest(s.billing_anchor, (s.terminated_at AT TIME ZONE 'UTC')::date) END AS stop,
                 CASE WHEN s.billing_status <> 'cancelled' THEN 'staff' WHEN s.cancellation_requested_by = s.customer_id THEN 'customer'
                      WHEN s.cancellation_requested_by IS NOT NULL THEN 'staff' ELSE 'non_payment' END AS reason,
                 coalesce((SELECT c.old_amount FROM service_product_changes c WHERE c.service_id = s.id AND c.status = 'applied'
                           ORDER BY c.applied_at, c.id LIMIT 1), s.recurring_amount) AS initial
          FROM server_instances s WHERE s.billing_cycle IS NOT NULL AND s.currency = 'EUR'),
        changes AS (
          SELECT (c.applied_at AT TIME ZONE 'UTC')::date AS day, c.billing_cycle,
                 round(c.new_amount / CASE c.billing_cycle WHEN 'quarterly' THEN 3 WHEN 'yearly' THEN 12 ELSE 1 END, 2)
                 - round(c.old_amount / CASE c.billing_cycle WHEN 'quarterly' THEN 3 WHEN 'yearly' THEN 12 ELSE 1 END, 2) AS delta
          FROM service_product_changes c WHERE c.status = 'applied')
        """

    /// MRR at the end of `day` from the raw rows: each running service's amount on that day, per month.
    func mrr(at day: CalendarDay) throws -> Money {
        try money(ReportHistory.services + """
            SELECT sum(round(coalesce((SELECT c.new_amount FROM service_product_changes c WHERE c.service_id = svc.id AND c.status = 'applied'
                                          AND (c.applied_at AT TIME ZONE 'UTC')::date <= $1 ORDER BY c.applied_at DESC, c.id DESC LIMIT 1), initial)
                             / CASE billing_cycle WHEN 'quarterly' THEN 3 WHEN 'yearly' THEN 12 ELSE 1 END, 2)) AS v
            FROM svc WHERE start <= $1 AND (stop IS NULL OR stop > $1)
            """, [day])
    }
}
