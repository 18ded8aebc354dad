import CPostgreSQL

/// The rows of one result, copied out of libpq at once.
public struct PostgresRows: Sendable, RandomAccessCollection {
    /// Column names in result order.
    public let columns: [String]
    /// Column positions by name, built once per result and shared by its rows.
    let positions: [String: Int]
    /// Text values row by row; `nil` is SQL NULL.
    let values: [[String?]]
    /// Rows affected by an INSERT/UPDATE/DELETE (0 for others).
    public let affectedRows: Int

    public var startIndex: Int { values.startIndex }
    public var endIndex: Int { values.endIndex }
    public subscript(position: Int) -> PostgresRow {
        PostgresRow(columns: columns, positions: positions, values: values[position])
    }

    /// The first row, or nil when there is none.
    public var firstRow: PostgresRow? { isEmpty ? nil : self[0] }

    /// The error funnel for libpq results: copies values or throws a `PostgresError`; always clears.
    static func consume(_ result: OpaquePointer?, connection: OpaquePointer?) throws -> PostgresRows {
        guard let result else {
            let message = connection.map { PostgresConnection.errorMessage($0) } ?? "no connection"
            throw PostgresError(kind: .connection, message: message)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return copy(result)
        default:
            throw serverError(result, connection: connection)
        }
    }

    private static func copy(_ result: OpaquePointer) -> PostgresRows {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var values: [[String?]] = []
        values.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var rowValues: [String?] = []
            rowValues.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
                    rowValues.append(nil)
                } else {
                    rowValues.append(String(cString: PQgetvalue(result, Int32(row), Int32(column))))
                }
            }
            values.append(rowValues)
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        var positions: [String: Int] = [:]
        for (index, name) in columns.enumerated() where positions[name] == nil { positions[name] = index }
        return PostgresRows(columns: columns, positions: positions, values: values, affectedRows: affected)
    }

    private static func serverError(_ result: OpaquePointer, connection: OpaquePointer?) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        let sqlState = field(Int32(UInt8(ascii: "C")))
        let message = field(Int32(UInt8(ascii: "M")))
            ?? String(cString: PQresultErrorMessage(result)).trimmingTrailingWhitespace()
        let lostConnection = connection.map { PQstatus($0) != CONNECTION_OK } ?? true
        return PostgresError(
            kind: lostConnection && sqlState == nil ? .connection : .server,
            sqlState: sqlState,
            message: message.isEmpty ? "server closed the connection" : message,
            detail: field(Int32(UInt8(ascii: "D"))),
            constraint: field(Int32(UInt8(ascii: "n")))
        )
    }
}

/// One row of a result, read by column name or position.
public struct PostgresRow: Sendable {
    public let columns: [String]
    let positions: [String: Int]
    let values: [String?]

    /// Decodes the named column.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: String) throws -> T {
        guard let index = positions[column] else {
            throw PostgresError(kind: .usage, message: "no column \(column) in result")
        }
        return try decode(type, at: index)
    }

    /// Decodes the column at `index`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int) throws -> T {
        guard values.indices.contains(index) else {
            throw PostgresError(kind: .usage, message: "no column #\(index) in result")
        }
        return try T.decode(postgresText: values[index], column: columns[index])
    }

    /// The raw text of a column (nil for NULL or a missing column).
    public subscript(column: String) -> String? {
        guard let index = positions[column] else { return nil }
        return values[index]
    }
}
