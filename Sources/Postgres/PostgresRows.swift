import CPostgreSQL

/// The rows of one result, copied out of libpq at once into one buffer (three allocations
/// whatever the number of cells; values are decoded from the bytes when asked for).
public struct PostgresRows: Sendable, RandomAccessCollection {
    let result: PostgresResultCopy
    /// Rows affected by an INSERT/UPDATE/DELETE (0 for others).
    public let affectedRows: Int

    /// Column names in result order.
    public var columns: [String] { result.columns }
    public var startIndex: Int { 0 }
    public var endIndex: Int { result.rowCount }
    public subscript(position: Int) -> PostgresRow {
        precondition(position >= 0 && position < result.rowCount, "row index out of range")
        return PostgresRow(result: result, row: position)
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
            return PostgresRows(result: PostgresResultCopy(result), affectedRows: Self.affected(result))
        default:
            throw serverError(result, connection: connection)
        }
    }

    private static func affected(_ result: OpaquePointer) -> Int {
        guard let text = PQcmdTuples(result), text.pointee != 0 else { return 0 }
        return Int(String(cString: text)) ?? 0
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
    // Inlinable (with the decoders): decoding specialises in the caller's module per column type
    // instead of going through witness tables for every cell.
    @usableFromInline let result: PostgresResultCopy
    @usableFromInline let row: Int

    /// Column names in result order.
    public var columns: [String] { result.columns }

    /// Decodes the named column.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: String) throws -> T {
        guard let index = result.columns.firstIndex(of: column) else {
            throw PostgresError(kind: .usage, message: "no column \(column) in result")
        }
        return try decode(type, at: index)
    }

    /// Decodes the column at `index`.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int) throws -> T {
        guard index >= 0 && index < result.columns.count else {
            throw PostgresError(kind: .usage, message: "no column #\(index) in result")
        }
        return try result.withCell(row: row, column: index) { try T.decode(postgresBytes: $0, column: result.columns[index]) }
    }

    /// The raw text of a column (nil for NULL or a missing column).
    public subscript(column: String) -> String? {
        guard let index = result.columns.firstIndex(of: column) else { return nil }
        return result.withCell(row: row, column: index) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Reads the columns in the order the SELECT lists them: each name is checked against the
    /// next column (no search), and looked up when it is not that one.
    @inlinable
    public func reader() -> PostgresRowReader { PostgresRowReader(row: self) }
}

/// Decodes a row's columns one after another, by name (see `PostgresRow.reader()`).
public struct PostgresRowReader {
    @usableFromInline let row: PostgresRow
    @usableFromInline var next = 0

    @usableFromInline
    init(row: PostgresRow) { self.row = row }

    /// Decodes the named column, expected to be the one after the last read.
    @inlinable
    public mutating func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: String) throws -> T {
        let columns = row.result.columns
        let index = next < columns.count && columns[next] == column ? next : columns.firstIndex(of: column)
        guard let index else { throw PostgresError(kind: .usage, message: "no column \(column) in result") }
        next = index + 1
        return try row.decode(type, at: index)
    }
}

/// A libpq result's cells copied into one byte buffer, with each cell's start and length
/// (length -1 for NULL). Immutable, so rows share it across the result.
@usableFromInline
final class PostgresResultCopy: Sendable {
    @usableFromInline let columns: [String]
    let rowCount: Int
    @usableFromInline let bytes: [UInt8]
    @usableFromInline let starts: [Int]
    @usableFromInline let lengths: [Int32]

    init(_ result: OpaquePointer) {
        let rowCount = Int(PQntuples(result)), columnCount = Int(PQnfields(result))
        columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        self.rowCount = rowCount
        var starts = [Int](repeating: 0, count: rowCount * columnCount)
        var lengths = [Int32](repeating: -1, count: rowCount * columnCount)
        var total = 0
        for row in 0..<rowCount {
            for column in 0..<columnCount where PQgetisnull(result, Int32(row), Int32(column)) == 0 {
                let length = Int(PQgetlength(result, Int32(row), Int32(column)))
                starts[row * columnCount + column] = total
                lengths[row * columnCount + column] = Int32(length)
                total += length
            }
        }
        bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            var cell = 0
            for row in 0..<rowCount {
                for column in 0..<columnCount {
                    defer { cell += 1 }
                    let length = Int(lengths[cell])
                    guard length > 0, let value = PQgetvalue(result, Int32(row), Int32(column)) else { continue }
                    UnsafeMutableRawPointer(buffer.baseAddress! + starts[cell]).copyMemory(from: value, byteCount: length)
                }
            }
            initialized = total
        }
        self.starts = starts
        self.lengths = lengths
    }

    /// Calls `body` with a cell's bytes, or nil for SQL NULL.
    @inlinable
    func withCell<R>(row: Int, column: Int, _ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        let cell = row * columns.count + column
        let length = Int(lengths[cell])
        guard length >= 0 else { return try body(nil) }
        return try bytes.withUnsafeBytes { all in
            try body(UnsafeRawBufferPointer(rebasing: all[starts[cell]..<starts[cell] + length]))
        }
    }
}
