import ArgumentParser
import Domain
import Foundation
import Postgres

/// `vpsctl migrate`: applies what `db/migrations` has and the database lacks.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply database migrations (safe to run twice).")

    func run() throws {
        let configuration = try Configuration.load()
        let connection = try PostgresConnection(connectionString: configuration.databaseURL)
        let migrations = try Migration.load(from: configuration.migrationsDirectory)
        let applied = try Migrator(connection: connection).migrate(migrations)
        if applied.isEmpty {
            print("migrate: up to date (\(migrations.count) migrations)")
        }
        for migration in applied {
            print("migrate: applied \(String(format: "%04d", migration.version))_\(migration.name)")
        }
    }
}
