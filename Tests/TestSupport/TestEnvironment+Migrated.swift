import Domain
import Postgres

extension TestEnvironment {
    /// Runs `body` with a connection to a new scratch database migrated to the latest schema.
    public static func withMigratedDatabase(_ body: (PostgresConnection) throws -> Void) throws {
        try withScratchDatabase { url in
            let connection = try PostgresConnection(connectionString: url)
            _ = try Migrator(connection: connection).migrate(try Migration.load(from: repositoryRoot + "/db/migrations"))
            try body(connection)
        }
    }
}
