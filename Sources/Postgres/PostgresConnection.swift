import Foundation
import CPostgreSQL

/// One libpq connection, owned by one thread.
///
/// Every statement goes through `PQexecParams` with text parameters; nothing is
/// ever spliced into SQL. Results are copied into Swift values at once, so no
/// pointer into a `PGresult` outlives `PQclear`. When the server went away the
/// next call reconnects once before running its statement.
public final class PostgresConnection {
    private var handle: OpaquePointer?
    /// Statements prepared on this session, by SQL text (the SQL is always constant text).
    private var prepared: [String: String] = [:]
    private var statementCount = 0
    /// For the log: a reconnection (or the first failure of a run of them) is reported once.
    private var everConnected = false
    private var lastConnectFailed = false
    /// Runs inside every `transaction` on this connection just before its COMMIT, so whatever it
    /// writes commits with the transaction's work or not at all (the `Idempotency-Key` marker).
    public var beforeCommit: ((PostgresConnection) throws -> Void)?
    /// More distinct statements than this means something builds SQL dynamically; start over.
    static let preparedLimit = 2000
    /// The libpq connection string this connection was opened with.
    public let connectionString: String

    /// Opens a connection; throws `PostgresError` of kind `.connection` when it cannot.
    public init(connectionString: String) throws {
        self.connectionString = connectionString
        try connect()
    }

    /// Prepares a connection that connects on first use, so a worker can start
    /// (and answer 503) while the database is down.
    public init(lazy connectionString: String) {
        self.connectionString = connectionString
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// The libpq handle, for extensions in this module only.
    var rawHandle: OpaquePointer? { handle }

    /// True while libpq reports the connection as usable.
    public var isConnected: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Closes the connection; the next statement reconnects.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
        prepared.removeAll()
    }

    /// Makes sure a usable connection exists, reconnecting when it was lost.
    ///
    /// Reads whatever the server sent while the connection sat idle (without a
    /// round trip), so a server that restarted and closed the connection is noticed
    /// here rather than by the next statement. Never retries a statement itself:
    /// one that failed may or may not have run.
    public func ensureConnected() throws {
        if let handle, !inTransaction { drainIdleInput(handle) }
        if isConnected { return }
        if let handle { Self.report("lost the connection to \(Self.serverName(handle)); connecting again") }
        close()
        try connect()
    }

    /// False when the server closed this session while it sat idle (read without a round trip,
    /// never reconnecting): for holders of session state such as advisory locks or LISTEN.
    public func isStillConnected() -> Bool {
        if let handle, !inTransaction { drainIdleInput(handle) }
        return isConnected
    }

    /// Runs one statement whose values were interpolated as parameters (see ``PostgresQuery``)
    /// and returns its rows (empty for commands).
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        try run(query.sql, query.parameters)
    }

    /// Runs one statement with `$1…$n` placeholders written by hand and `parameters` in their order.
    ///
    /// `parameters` has no default on purpose: a string literal without it is a ``PostgresQuery``,
    /// so `query("… WHERE id = \(id)")` always binds `id` and never splices it into the text.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable]) throws -> PostgresRows {
        try run(sql, parameters.map(\.postgresText))
    }

    private func run(_ sql: String, _ texts: [String?]) throws -> PostgresRows {
        if !isConnected {
            close()
            try connect()
        }
        do {
            return try execute(sql, texts)
        } catch let error as PostgresError where error.hasCode(PostgresError.Code.readOnlyTransaction) && !inTransaction {
            // The server this session reached is (now) a standby: a failover happened under a
            // session that survived it. Drop it; the next statement connects again and libpq's
            // `target_session_attrs=read-write` picks the new primary.
            Self.report("session is on a read-only server (\(error.message)); reconnecting on next use")
            close()
            throw error
        }
    }

    /// Runs a trusted, multi-statement SQL script (migrations only: no parameters).
    public func executeScript(_ sql: String) throws {
        try ensureConnected()
        let result = PQexec(handle, sql)
        _ = try PostgresRows.consume(result, connection: handle)
    }

    /// True while a transaction block is open on this connection.
    public var inTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Reads what an idle server sent (a termination notice, then EOF) so that
    /// libpq marks a closed connection bad. Zero-timeout polls: never blocks.
    private func drainIdleInput(_ handle: OpaquePointer) {
        let socket = PQsocket(handle)
        guard socket >= 0 else { return }
        for _ in 0..<4 {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 0) > 0, PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else { return }
        }
    }

    private func connect() throws {
        let connection = PQconnectdb(connectionString)
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { Self.errorMessage($0) } ?? "out of memory"
            if let connection { PQfinish(connection) }
            if !lastConnectFailed { Self.report("cannot connect: \(message)") }
            lastConnectFailed = true
            throw PostgresError(kind: .connection, message: message)
        }
        if lastConnectFailed || everConnected {
            Self.report("connected again to \(Self.serverName(connection))")
        }
        lastConnectFailed = false
        everConnected = true
        handle = connection
        // Server notices are not ours to print; errors reach callers as PostgresError.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        // Every session speaks UTC and ISO dates, whatever the server's defaults. (Prepared
        // statements may get generic plans: list queries therefore never use catch-all
        // `$1 IS NULL OR column = $1` filters, which a generic plan cannot serve from an index.)
        let setup = PQexec(connection, "SET TIME ZONE 'UTC'; SET datestyle = 'ISO, YMD'; SET client_min_messages = warning")
        _ = try PostgresRows.consume(setup, connection: connection)
    }

    /// Runs `sql` as a named prepared statement: parsed and planned once per connection,
    /// then only bound and executed.
    private func execute(_ sql: String, _ texts: [String?]) throws -> PostgresRows {
        let name = try statementName(for: sql, parameterCount: texts.count)
        do {
            return try runPrepared(name, texts)
        } catch let error as PostgresError where error.sqlState == "0A000" && error.message.contains("cached plan") {
            // A migration changed a table under this session: plan again (the statement did not run).
            PQclear(PQexec(handle, "DEALLOCATE \(name)"))
            prepared.removeValue(forKey: sql)
            return try runPrepared(try statementName(for: sql, parameterCount: texts.count), texts)
        }
    }

    private func runPrepared(_ name: String, _ texts: [String?]) throws -> PostgresRows {
        let result = withCStrings(texts) { pointers in
            PQexecPrepared(handle, name, Int32(pointers.count), pointers, nil, nil, 0)
        }
        return try PostgresRows.consume(result, connection: handle)
    }

    private func statementName(for sql: String, parameterCount: Int) throws -> String {
        if let name = prepared[sql] { return name }
        if prepared.count >= Self.preparedLimit {
            _ = try PostgresRows.consume(PQexec(handle, "DEALLOCATE ALL"), connection: handle)
            prepared.removeAll()
        }
        statementCount += 1
        let name = "s\(statementCount)"
        _ = try PostgresRows.consume(PQprepare(handle, name, sql, Int32(parameterCount), nil), connection: handle)
        prepared[sql] = name
        return name
    }

    /// One line on standard error (the worker's log): reconnections are what an operator looks
    /// for after a failover, so they are reported here, where they happen.
    static func report(_ message: String) {
        let line = "\(Date().formatted(.iso8601)) [\(getpid())] warning postgres: \(message.replacingOccurrences(of: "\n", with: " "))\n"
        let bytes = Array(line.utf8)
        bytes.withUnsafeBytes { _ = Foundation.write(2, $0.baseAddress, $0.count) }
    }

    /// `host:port` of the server a connection reached (a multi-host conninfo names several).
    static func serverName(_ connection: OpaquePointer) -> String {
        let host = PQhost(connection).map { String(cString: $0) } ?? "?"
        let port = PQport(connection).map { String(cString: $0) } ?? "?"
        return "\(host):\(port)"
    }

    static func errorMessage(_ connection: OpaquePointer) -> String {
        guard let text = PQerrorMessage(connection) else { return "unknown libpq error" }
        return String(cString: text).trimmingTrailingWhitespace()
    }
}

/// Calls `body` with C strings for `values` (nil stays a NULL pointer), valid only inside.
private func withCStrings<R>(_ values: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    var owned: [UnsafeMutablePointer<CChar>?] = values.map { value in value.flatMap { strdup($0) } }
    defer { for pointer in owned { free(pointer) } }
    return owned.withUnsafeMutableBufferPointer { buffer in
        body(buffer.map { UnsafePointer($0) })
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
