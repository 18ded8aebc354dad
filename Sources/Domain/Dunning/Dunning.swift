import Foundation
import Postgres

/// Dunning, run by the billing tick after invoicing, on the tick's clock: reminders before the due
/// date, overdue notices, a suspension warning, then suspension (`OverdueSuspension`, cause
/// `overdue`) of the services of an unpaid invoice overdue by `suspend_after_days` plus the
/// customer's grace days (never an exempt customer's), a final warning, and termination once the
/// service stayed suspended for `terminate_after_days` and the warning is at least
/// `termination_warning_days` old. Candidates come from two set-based queries; each invoice and
/// each service is then handled in a transaction of its own, and every step is taken once
/// (`dunning_steps`, keyed like the outbox event), so reruns and concurrent runs do nothing twice.
public enum Dunning {
    /// Runs dunning for `day` (the tick at `moment`) and records the run; nil when dunning is off.
    @discardableResult
    public static func run(at moment: Date, day: CalendarDay, billingRunID: Int? = nil, on connection: PostgresConnection) throws -> DunningRunReport? {
        let settings = try DunningSettings.load(on: connection)
        guard settings.enabled else { return nil }
        let runID = try connection.query(
            "INSERT INTO dunning_runs (billing_run_id, run_at, day) VALUES (\(billingRunID), \(moment), \(day)) RETURNING id")[0].decode(Int.self, "id")
        var report = DunningRunReport(runID: runID, day: day)
        for candidate in try DunningCandidates.invoices(day: day, settings: settings, on: connection) {
            do {
                try connection.transaction { connection in
                    try DunningSteps.invoice(candidate, day: day, settings: settings, report: &report, on: connection)
                }
            } catch {
                report.failures.append("invoice \(candidate.invoiceID): \(error)")
            }
        }
        if settings.terminateAfterDays > 0 {
            for candidate in try DunningCandidates.suspended(day: day, settings: settings, on: connection) {
                do {
                    try connection.transaction { connection in
                        try DunningSteps.suspended(candidate, day: day, settings: settings, report: &report, on: connection)
                    }
                } catch {
                    report.failures.append("service \(candidate.serviceID): \(error)")
                }
            }
        }
        try connection.query(
            """
            UPDATE dunning_runs SET finished_at = clock_timestamp(), reminders = \(report.reminders), notices = \(report.notices),
                   warnings = \(report.warnings), suspensions = \(report.suspensions), terminations = \(report.terminations),
                   failures = \(report.failures.count), failure_details = \(String(report.failures.joined(separator: "\n").prefix(10_000)))
            WHERE id = \(runID)
            """)
        return report
    }
}
