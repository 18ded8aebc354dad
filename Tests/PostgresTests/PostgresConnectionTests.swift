import Foundation
import Postgres
import TestSupport
import Testing

@Suite("PostgreSQL wrapper against the real server")
struct PostgresConnectionTests {
    @Test("typed values round-trip through parameters")
    func roundTrip() throws {
        let connection = try TestEnvironment.connect()
        let moment = Date(timeIntervalSince1970: 1_763_700_000.123456)
        let row = try #require(
            try connection.query(
                "SELECT $1::text AS t, $2::bigint AS i, $3::boolean AS b, $4::text AS n, $5::timestamptz AS ts, $6::bytea AS raw",
                ["Grüße 'quoted' \"double\" ✓", 9_007_199_254_740_993, true, String?.none, moment, PostgresBytes([0, 1, 254, 255])]
            ).firstRow)
        #expect(try row.decode(String.self, "t") == "Grüße 'quoted' \"double\" ✓")
        #expect(try row.decode(Int.self, "i") == 9_007_199_254_740_993)
        #expect(try row.decode(Bool.self, "b") == true)
        #expect(try row.decode(String?.self, "n") == nil)
        let decoded = try row.decode(Date.self, "ts")
        #expect(abs(decoded.timeIntervalSince1970 - moment.timeIntervalSince1970) < 0.000_001)
        #expect(try row.decode(PostgresBytes.self, "raw") == PostgresBytes([0, 1, 254, 255]))
    }

    @Test("parameters are data, never SQL")
    func parametersAreNotSQL() throws {
        let connection = try TestEnvironment.connect()
        try connection.query("CREATE TEMP TABLE notes (body text NOT NULL)")
        let hostile = "x'); DROP TABLE notes; --"
        try connection.query("INSERT INTO notes (body) VALUES ($1)", [hostile])
        let rows = try connection.query("SELECT body FROM notes")
        #expect(rows.count == 1)
        #expect(try rows[0].decode(String.self, "body") == hostile)
    }

    @Test("server errors carry SQLSTATE, message and constraint")
    func serverErrors() throws {
        let connection = try TestEnvironment.connect()
        try connection.query("CREATE TEMP TABLE emails (address text CONSTRAINT emails_unique UNIQUE)")
        try connection.query("INSERT INTO emails VALUES ($1)", ["a@example.com"])
        let error = try #require(throws: PostgresError.self) {
            try connection.query("INSERT INTO emails VALUES ($1)", ["a@example.com"])
        }
        #expect(error.kind == .server)
        #expect(error.hasCode(PostgresError.Code.uniqueViolation))
        #expect(error.constraint == "emails_unique")
        #expect(!error.isConnectionFailure)
        let syntax = try #require(throws: PostgresError.self) { try connection.query("SELEC 1") }
        #expect(syntax.sqlState == "42601")
        // The connection stays usable after errors.
        #expect(try connection.query("SELECT 1 AS one").firstRow?.decode(Int.self, "one") == 1)
    }

    @Test("a transaction commits on success and rolls back on throw")
    func transactions() throws {
        struct Abort: Error {}
        let connection = try TestEnvironment.connect()
        try connection.query("CREATE TEMP TABLE ledger (amount integer NOT NULL)")
        try connection.transaction { try $0.query("INSERT INTO ledger VALUES (1)") }
        #expect(throws: Abort.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO ledger VALUES (2)")
                throw Abort()
            }
        }
        let rows = try connection.query("SELECT amount FROM ledger")
        #expect(try rows.map { try $0.decode(Int.self, "amount") } == [1])
        #expect(!connection.inTransaction)
    }

    @Test("a connection killed by the server is noticed and re-established")
    func reconnects() throws {
        let connection = try TestEnvironment.connect()
        let pid = try #require(try connection.query("SELECT pg_backend_pid() AS pid").firstRow?.decode(Int.self, "pid"))
        let killer = try TestEnvironment.connect()
        try killer.query("SELECT pg_terminate_backend($1)", [pid])
        // pg_terminate_backend only signals: wait until the backend is gone, however long that takes.
        for _ in 0..<200 where try !killer.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid]).isEmpty {
            usleep(50_000)
        }
        try connection.ensureConnected()
        let newPID = try #require(try connection.query("SELECT pg_backend_pid() AS pid").firstRow?.decode(Int.self, "pid"))
        #expect(newPID != pid)
    }

    @Test("an unreachable server is a connection error, and a lazy connection waits for first use")
    func unreachable() throws {
        let error = try #require(throws: PostgresError.self) {
            try PostgresConnection(connectionString: "host=127.0.0.1 port=1 dbname=none connect_timeout=2")
        }
        #expect(error.kind == .connection)
        #expect(error.isConnectionFailure)
        let lazy = PostgresConnection(lazy: "host=127.0.0.1 port=1 dbname=none connect_timeout=2")
        #expect(!lazy.isConnected)
        #expect(throws: PostgresError.self) { try lazy.query("SELECT 1") }
    }

    @Test("decoding NULL into a non-optional or text into a number fails clearly")
    func decodingErrors() throws {
        let connection = try TestEnvironment.connect()
        let row = try #require(try connection.query("SELECT NULL::text AS missing, 'abc' AS word").firstRow)
        let null = try #require(throws: PostgresError.self) { try row.decode(String.self, "missing") }
        #expect(null.kind == .decoding)
        let word = try #require(throws: PostgresError.self) { try row.decode(Int.self, "word") }
        #expect(word.kind == .decoding)
        let absent = try #require(throws: PostgresError.self) { try row.decode(Int.self, "nope") }
        #expect(absent.kind == .usage)
    }
}

@Suite("Prepared statements")
struct PreparedStatementTests {
    @Test("a statement is prepared once per connection and reused")
    func reuse() throws {
        let connection = try TestEnvironment.connect()
        for value in 1...5 {
            #expect(try connection.query("SELECT $1::int + 1 AS n", [value])[0].decode(Int.self, "n") == value + 1)
        }
        let count = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1", ["SELECT $1::int + 1 AS n"])
        #expect(try count[0].decode(Int.self, "n") == 1)
    }

    @Test("a table changed under a prepared statement is planned again, not an error")
    func replanAfterSchemaChange() throws {
        let connection = try TestEnvironment.connect()
        try connection.query("CREATE TEMP TABLE shapes (a int)")
        try connection.query("INSERT INTO shapes VALUES (1)")
        #expect(try connection.query("SELECT * FROM shapes").columns == ["a"])
        try connection.query("ALTER TABLE shapes ADD COLUMN b text DEFAULT 'x'")
        let rows = try connection.query("SELECT * FROM shapes")
        #expect(rows.columns == ["a", "b"])
    }

    @Test("after a reconnect statements are prepared again")
    func afterReconnect() throws {
        let connection = try TestEnvironment.connect()
        #expect(try connection.query("SELECT 7 AS n")[0].decode(Int.self, "n") == 7)
        connection.close()
        #expect(try connection.query("SELECT 7 AS n")[0].decode(Int.self, "n") == 7)
    }
}

@Suite("Session settings")
struct SessionSettingsTests {
    @Test("sessions speak UTC")
    func settings() throws {
        let connection = try TestEnvironment.connect()
        #expect(try connection.query("SHOW TIME ZONE")[0].decode(String.self, at: 0) == "UTC")
    }
}
