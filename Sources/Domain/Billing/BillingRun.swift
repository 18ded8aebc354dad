import Foundation
import Postgres

/// One tick of the billing run at a given moment (its clock is a parameter).
///
/// Candidates are chosen by one set-based query: services whose invoiced-until date falls within
/// their cycle's lead days. Each customer is then invoiced in a transaction of its own — under a
/// transaction-level advisory lock on that customer, with every due period from the invoiced-until
/// date up to the horizon (missed days and periods are caught up) on one invoice — so one failing
/// customer rolls back alone and a run killed half-way leaves only whole invoices. Each period is
/// claimed in `billing_periods` (primary key: service and period start) before it becomes an item,
/// so no run, concurrent or repeated, can invoice a period twice. Afterwards, pending cancellations whose date
/// has come take effect (`ServiceCancellation`) and services past their paid-through date become `overdue`;
/// then `Dunning.run` sends reminders and notices and suspends and terminates for non-payment.
public enum BillingRun {
    static let lockClass: Int32 = 0x6269_6c6c

    /// Runs one tick at `moment` and records it; returns what it did.
    public static func tick(at moment: Date, on connection: PostgresConnection) throws -> BillingRunReport {
        let settings = try BillingSettings.load(on: connection)
        let today = settings.today(at: moment)
        let runID = try connection.query("INSERT INTO billing_runs (run_at) VALUES ($1) RETURNING id", [moment])[0].decode(Int.self, "id")
        let leads = BillingCycle.allCases.map { settings.leadDays[$0] ?? 14 }
        let candidates = try connection.query(
            """
            SELECT customer_id, currency FROM server_instances
            WHERE billing_cycle IS NOT NULL AND billing_status <> 'cancelled' AND status <> 'terminated'
              AND invoiced_until <= $1::date + $2::integer AND (cancellation_date IS NULL OR invoiced_until < cancellation_date)
              AND invoiced_until <= $1::date + CASE billing_cycle WHEN 'monthly' THEN $3::integer WHEN 'quarterly' THEN $4::integer
                                                                 ELSE $5::integer END
            GROUP BY customer_id, currency ORDER BY customer_id, currency
            """, [today, leads.max() ?? 14, leads[0], leads[1], leads[2]])
        var report = BillingRunReport(runID: runID, today: today, customers: 0, invoicesIssued: 0, periodsInvoiced: 0, servicesOverdue: 0,
                                      servicesCancelled: 0, failures: [])
        for row in candidates {
            let customerID = try row.decode(Int.self, "customer_id")
            do {
                let periods = try connection.transaction { connection in
                    try invoice(customerID: customerID, currency: try row.decode(String.self, "currency"), today: today, leads: leads,
                                settings: settings, runID: runID, on: connection)
                }
                report.customers += 1
                if periods > 0 { report.invoicesIssued += 1 }
                report.periodsInvoiced += periods
            } catch {
                report.failures.append("customer \(customerID): \(error)")
            }
        }
        let cancellations = try ServiceCancellation.takeDueEffects(today: today, on: connection)
        report.servicesCancelled = cancellations.done
        report.failures += cancellations.failures
        report.servicesOverdue = try ServiceBilling.markOverdue(today: today, on: connection)
        do {
            _ = try InvoiceOverdue.mark(today: today, on: connection)
        } catch {
            report.failures.append("overdue invoices: \(error)")
        }
        do {
            report.dunning = try Dunning.run(at: moment, day: today, billingRunID: runID, on: connection)
        } catch {
            report.failures.append("dunning: \(error)")
        }
        do {
            try ReportFacts.rollUpAll(on: connection)
            try DailySummary.queue(today: today, on: connection)
        } catch {
            report.failures.append("reports: \(error)")
        }
        try connection.query(
            """
            UPDATE billing_runs SET finished_at = clock_timestamp(), customers = $2, invoices_issued = $3, periods_invoiced = $4,
                   services_overdue = $5, failures = $6, failure_details = $7, services_cancelled = $8 WHERE id = $1
            """, [runID, report.customers, report.invoicesIssued, report.periodsInvoiced, report.servicesOverdue, report.failures.count,
                  String(report.failures.joined(separator: "\n").prefix(10_000)), report.servicesCancelled])
        return report
    }

    /// Invoices every due period of one customer's services on one new invoice; returns how many periods.
    static func invoice(
        customerID: Int, currency: String, today: CalendarDay, leads: [Int], settings: BillingSettings, runID: Int,
        on connection: PostgresConnection
    ) throws -> Int {
        try connection.query("SELECT pg_advisory_xact_lock($1, $2::integer)", [lockClass, customerID])
        let invoiceID = try connection.query(
            "INSERT INTO invoices (customer_id, currency, billing_run_id) VALUES ($1, $2, $3) RETURNING id", [customerID, currency, runID]
        )[0].decode(Int.self, "id")
        let periods = try connection.query(RenewalSQL.invoiceDuePeriods, [invoiceID, customerID, currency, today, leads[0], leads[1], leads[2]])[0]
            .decode(Int.self, "n")
        guard let issued = try InvoiceIssuer.issue(invoiceID, today: today, settings: settings, on: connection) else { return 0 }
        if issued.status == .paid { try ServiceBilling.advance(invoiceID: invoiceID, today: today, on: connection) }
        return periods
    }
}
