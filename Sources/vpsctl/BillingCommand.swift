import ArgumentParser
import Domain
import Foundation
import Postgres

/// `vpsctl billing run [--now RFC3339]`: one tick of the billing run.
struct BillingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing", abstract: "The billing run (renewal invoices, overdue services).", subcommands: [Run.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Run one billing tick at a moment (default: now), then the automatic card charges due, and print what it did.")

        @Option(name: .long, help: "The moment to bill at, RFC 3339 (e.g. 2025-01-31T06:00:00Z).")
        var now: String?

        func run() throws {
            var moment = Date()
            if let now {
                guard let parsed = ISO8601DateFormatter().date(from: now) else {
                    throw ValidationError("--now must be an RFC 3339 time such as 2025-01-31T06:00:00Z")
                }
                moment = parsed
            }
            let configuration = try Configuration.load()
            let connection = try PostgresConnection(connectionString: configuration.databaseURL)
            let report = try BillingRun.tick(at: moment, on: connection)
            print("billing run \(report.runID) for \(report.today): \(report.customers) customers, \(report.invoicesIssued) invoices issued, "
                  + "\(report.periodsInvoiced) periods invoiced, \(report.servicesOverdue) services overdue, "
                  + "\(report.servicesCancelled) cancellations taken effect, \(report.failures.count) failures")
            for failure in report.failures { print("  failed: \(failure)") }
            let autoPay = try AutoPay.run(at: moment, gateways: PaymentGateways(box: try configuration.secretBox()), on: connection)
            print(autoPay.summary)
            for failure in autoPay.failures { print("  failed: \(failure)") }
            if !report.failures.isEmpty || !autoPay.failures.isEmpty { throw ExitCode(2) }
        }
    }
}
