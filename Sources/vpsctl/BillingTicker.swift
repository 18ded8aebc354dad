import Domain
import Foundation
import Postgres

/// The job runner's billing thread: one billing tick at start and then every `interval` seconds,
/// at the wall-clock moment, skipped when another process is running one (see
/// `BillingRun.tickUnlessRunning`). A failed tick is logged and retried at the next interval.
/// Each tick also forgets idempotency keys older than 24 hours, and after the invoices are issued
/// charges the saved cards of invoices due (`AutoPay`).
enum BillingTicker {
    static func loop(every interval: Int, url: String, gateways: PaymentGateways, state: RunnerState) {
        defer { state.finished.add(1, ordering: .sequentiallyConsistent) }
        let connection = PostgresConnection(lazy: url)
        var next = ContinuousClock.now
        while !state.stopping.load(ordering: .sequentiallyConsistent) {
            guard ContinuousClock.now >= next else {
                usleep(200_000)
                continue
            }
            next = ContinuousClock.now + .seconds(interval)
            do {
                try connection.ensureConnected()
                let purged = try IdempotencyKeys.purgeExpired(on: connection)
                if purged > 0 { Log.info("forgot \(purged) idempotency keys older than \(IdempotencyKeys.lifetimeHours) hours") }
                guard let report = try BillingRun.tickUnlessRunning(at: Date(), on: connection) else {
                    Log.info("billing tick skipped: another process is running one")
                    continue
                }
                if report.invoicesIssued > 0 || report.servicesOverdue > 0 || !report.failures.isEmpty {
                    Log.info("billing run \(report.runID) for \(report.today): \(report.invoicesIssued) invoices issued, "
                             + "\(report.periodsInvoiced) periods invoiced, \(report.servicesOverdue) services overdue, \(report.failures.count) failures")
                }
                for failure in report.failures { Log.error("billing run \(report.runID) failed for \(failure)") }
                let autoPay = try AutoPay.run(at: Date(), gateways: gateways, on: connection)
                if autoPay != AutoPayReport() { Log.info(autoPay.summary) }
                for failure in autoPay.failures { Log.error("automatic payment failed: \(failure)") }
            } catch {
                Log.error("billing tick: \(error)")
                connection.close()
            }
        }
    }
}
