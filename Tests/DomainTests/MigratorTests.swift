@testable import Domain
import Foundation
import Postgres
import TestSupport
import Synchronization
import Testing

@Suite("Migrations")
struct MigratorTests {
    private func migrations(_ files: [(Int, String, String)]) throws -> [Migration] {
        try files.map { try Migration(version: $0.0, name: $0.1, sql: $0.2) }
    }

    @Test("applies in order, records each, and a second run changes nothing")
    func appliesOnce() throws {
        try TestEnvironment.withScratchDatabase { url in
            let connection = try PostgresConnection(connectionString: url)
            let set = try migrations([
                (2, "second", "ALTER TABLE things ADD COLUMN label text NOT NULL DEFAULT ''"),
                (1, "first", "CREATE TABLE things (id serial PRIMARY KEY); CREATE INDEX ON things (id)"),
            ]).sorted { $0.version < $1.version }
            let applied = try Migrator(connection: connection).migrate(set)
            #expect(applied.map(\.version) == [1, 2])
            let again = try Migrator(connection: connection).migrate(set)
            #expect(again.isEmpty)
            let recorded = try connection.query("SELECT version FROM schema_migrations ORDER BY version")
            #expect(try recorded.map { try $0.decode(Int.self, "version") } == [1, 2])
            try connection.query("INSERT INTO things (label) VALUES ($1)", ["ok"])
        }
    }

    @Test("a failing migration is rolled back whole and not recorded")
    func failureRollsBack() throws {
        try TestEnvironment.withScratchDatabase { url in
            let connection = try PostgresConnection(connectionString: url)
            let set = try migrations([
                (1, "good", "CREATE TABLE good (id int)"),
                (2, "bad", "CREATE TABLE half (id int); SELECT no_such_function()"),
            ])
            let error = try #require(throws: MigrationError.self) { try Migrator(connection: connection).migrate(set) }
            guard case .failed(let version, _, let message) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(version == 2)
            #expect(message.contains("no_such_function"))
            let half = try connection.query("SELECT to_regclass('half') IS NULL AS missing")
            #expect(try half[0].decode(Bool.self, "missing"))
            #expect(try Migrator(connection: connection).appliedChecksums().keys.sorted() == [1])
        }
    }

    @Test("a migration edited after it was applied is refused")
    func editedMigrationRefused() throws {
        try TestEnvironment.withScratchDatabase { url in
            let connection = try PostgresConnection(connectionString: url)
            try Migrator(connection: connection).migrate(try migrations([(1, "one", "CREATE TABLE a (id int)")]))
            let edited = try migrations([(1, "one", "CREATE TABLE a (id bigint)")])
            #expect(throws: MigrationError.changedAfterApply(version: 1, name: "one")) {
                try Migrator(connection: connection).migrate(edited)
            }
        }
    }

    @Test("concurrent migrators take turns under the advisory lock")
    func concurrentMigrators() throws {
        try TestEnvironment.withScratchDatabase { url in
            let set = try migrations([
                (1, "slow", "CREATE TABLE slow (id int); SELECT pg_sleep(0.3)"),
                (2, "after", "CREATE TABLE after_slow (id int)"),
            ])
            let counts = Counts()
            DispatchQueue.concurrentPerform(iterations: 3) { index in
                do {
                    let connection = try PostgresConnection(connectionString: url)
                    counts.add(try Migrator(connection: connection).migrate(set).count)
                } catch {
                    counts.fail("\(error)")
                }
            }
            #expect(counts.failures.isEmpty)
            #expect(counts.total == 2)
        }
    }

    @Test("the project's migrations load in order and create the users table")
    func projectMigrations() throws {
        let set = try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations")
        #expect(set.first?.version == 1)
        #expect(set.map(\.version) == set.map(\.version).sorted())
        try TestEnvironment.withScratchDatabase { url in
            let connection = try PostgresConnection(connectionString: url)
            try Migrator(connection: connection).migrate(set)
            try connection.query("INSERT INTO users (email, role) VALUES ($1, 'customer')", ["Ann@Example.com"])
            let duplicate = try #require(throws: PostgresError.self) {
                try connection.query("INSERT INTO users (email, role) VALUES ($1, 'customer')", ["ann@example.com"])
            }
            #expect(duplicate.hasCode(PostgresError.Code.uniqueViolation))
        }
    }

    @Test("badly named files are refused")
    func badNames() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "SELECT 1".write(toFile: directory + "/first.sql", atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.badFileName("first.sql")) { try Migration.load(from: directory) }
    }
}

/// Thread-safe tally for the concurrency test.
private final class Counts: Sendable {
    private let state = Mutex<(total: Int, failures: [String])>((0, []))
    func add(_ count: Int) { state.withLock { $0.total += count } }
    func fail(_ message: String) { state.withLock { $0.failures.append(message) } }
    var total: Int { state.withLock { $0.total } }
    var failures: [String] { state.withLock { $0.failures } }
}
