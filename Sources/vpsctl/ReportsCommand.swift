import ArgumentParser
import Domain
import Foundation
import Postgres

/// `vpsctl reports rebuild`: recompute the reports' figures from the raw rows.
struct ReportsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports", abstract: "The reports' aggregates.", subcommands: [Rebuild.self, RollUp.self])

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
}
