import Foundation
import Postgres

/// What `make test` hands the Swift tests: the throwaway database and the live portal.
///
/// Missing settings fail the test with a message saying how to run it; nothing is skipped.
public enum TestEnvironment {
    public struct Missing: Error, CustomStringConvertible {
        public let variable: String
        public var description: String { "\(variable) is not set: run the suite with `make test`" }
    }

    /// Connection string of the test cluster's `vps_portal` database.
    public static func databaseURL() throws -> String {
        try value("VPS_TEST_DATABASE_URL")
    }

    /// Base URL of nginx in front of the test workers, e.g. `http://127.0.0.1:18080`.
    public static func baseURL() throws -> String {
        try value("VPS_TEST_BASE_URL")
    }

    /// The test stack's sealing key (`$VPS_TEST_VAR/secret.key`), so tests and workers agree.
    public static func secretKey() throws -> [UInt8] {
        let path = try value("VPS_TEST_VAR") + "/secret.key"
        guard let data = FileManager.default.contents(atPath: path) else { throw Missing(variable: "VPS_TEST_VAR (no secret.key)") }
        return Array(data)
    }

    /// The repository root (for templates and migrations).
    public static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// A new connection to the test database.
    public static func connect() throws -> PostgresConnection {
        try PostgresConnection(connectionString: databaseURL())
    }

    /// Runs `body` with the connection string of a new, empty database, dropped afterwards.
    public static func withScratchDatabase<R>(_ body: (String) throws -> R) throws -> R {
        let admin = try connect()
        let name = "scratch_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        // CREATE DATABASE takes no parameters; the name is generated here, never user text.
        try admin.query("CREATE DATABASE \(unescaped: name)")
        defer { _ = try? admin.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)") }
        return try body(try databaseURL() + " dbname=\(name)")
    }

    public static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw Missing(variable: name)
        }
        return value
    }
}
