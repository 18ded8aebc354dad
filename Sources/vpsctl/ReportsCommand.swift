import ArgumentParser
import Domain
import Foundation
import Postgres

/// `vpsctl reports rebuild`: recompute the reports' figures from the raw rows.
struct ReportsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports", abstract: "The reports' aggregates.", subcommands: [Rebuild.self, RollUp.self, Time.self])

    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild", abstract: "Recompute every report figure from the raw rows (after the migration, or after seeding).")

        func run() throws {
            let connection = try PostgresConnection(connectionString: try Configuration.load().databaseURL)
            let started = Date()
            let facts = try ReportFacts.rebuild(on: connection)
            print("reports rebuilt: \(facts) facts from the raw rows in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
    }

    struct RollUp: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rollup", abstract: "Roll up the waiting report facts now.")

        func run() throws {
            let connection = try PostgresConnection(connectionString: try Configuration.load().databaseURL)
            print("rolled up \(try ReportFacts.rollUpAll(on: connection)) facts")
        }
    }

    struct Time: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "time", abstract: "Time every report and the dashboard figures (median of --runs) and print the plans of their reads (make bench).")

        @Option(name: .long, help: "Runs per report.")
        var runs = 9

        @Flag(name: .long, help: "Also print EXPLAIN (ANALYZE) of the reports' aggregate reads.")
        var explain = false

        func run() throws {
            let connection = try PostgresConnection(connectionString: try Configuration.load().databaseURL)
            for line in try ReportTiming.measure(runs: runs, explain: explain, on: connection) { print(line) }
        }
    }
}
