import Postgres

/// Applies migrations in order, each in its own transaction, under an advisory lock.
///
/// The lock makes concurrent `vpsctl migrate` runs (two deploys at once) take turns;
/// the second finds everything applied and changes nothing.
public struct Migrator {
    /// Arbitrary constant shared by every migrator of this product.
    static let lockKey = 0x7670_7370_6f72_74

    private let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Applies what is missing and returns the migrations it applied.
    @discardableResult
    public func migrate(_ migrations: [Migration]) throws -> [Migration] {
        try connection.query("SELECT pg_advisory_lock($1)", [Self.lockKey])
        defer { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [Self.lockKey]) }
        try connection.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let applied = try appliedChecksums()
        var done: [Migration] = []
        for migration in migrations {
            if let checksum = applied[migration.version] {
                guard checksum == migration.checksum else {
                    throw MigrationError.changedAfterApply(version: migration.version, name: migration.name)
                }
                continue
            }
            try apply(migration)
            done.append(migration)
        }
        return done
    }

    /// Versions already recorded with their checksums.
    public func appliedChecksums() throws -> [Int: String] {
        let rows = try connection.query("SELECT version, checksum FROM schema_migrations")
        var result: [Int: String] = [:]
        for row in rows {
            result[try row.decode(Int.self, "version")] = try row.decode(String.self, "checksum")
        }
        return result
    }

    private func apply(_ migration: Migration) throws {
        do {
            try connection.transaction { connection in
                try connection.executeScript(migration.sql)
                try connection.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    [migration.version, migration.name, migration.checksum])
            }
        } catch let error as PostgresError {
            throw MigrationError.failed(version: migration.version, name: migration.name, message: error.message)
        }
    }
}
