import Foundation
@testable import Postgres
import TestSupport
import Testing

/// The result copy (one buffer for every cell) and the decoders that read its bytes directly.
@Suite("Rows copied into one buffer, decoded from bytes")
struct PostgresRowsTests {
    @Test("NULLs, empty text, multi-byte text and many rows keep their cells apart")
    func cellsStayApart() throws {
        let connection = try TestEnvironment.connect()
        let rows = try connection.query(
            """
            SELECT g AS n, CASE WHEN g % 3 = 0 THEN NULL ELSE repeat('é', g) END AS t, '' AS empty, g % 2 = 0 AS even
            FROM generate_series(0, 40) g ORDER BY g
            """)
        #expect(rows.count == 41)
        #expect(rows.columns == ["n", "t", "empty", "even"])
        for (index, row) in rows.enumerated() {
            #expect(try row.decode(Int.self, "n") == index)
            #expect(try row.decode(String?.self, "t") == (index % 3 == 0 ? nil : String(repeating: "é", count: index)))
            #expect(try row.decode(String.self, "empty") == "")
            #expect(try row.decode(Bool.self, at: 3) == (index % 2 == 0))
            #expect(row["t"] == (index % 3 == 0 ? nil : String(repeating: "é", count: index)))
        }
        #expect(try connection.query("SELECT 1 AS one WHERE false").isEmpty)
        #expect(try connection.query("CREATE TEMP TABLE nothing (a int)").affectedRows == 0)
    }

    @Test("a reader decodes in column order, finds a column out of order, and names a missing one")
    func reader() throws {
        let connection = try TestEnvironment.connect()
        let row = try #require(try connection.query("SELECT 1 AS a, 'two' AS b, NULL::int AS c, 4 AS d").firstRow)
        var inOrder = row.reader()
        #expect(try inOrder.decode(Int.self, "a") == 1)
        #expect(try inOrder.decode(String.self, "b") == "two")
        #expect(try inOrder.decode(Int?.self, "c") == nil)
        #expect(try inOrder.decode(Int.self, "d") == 4)
        var outOfOrder = row.reader()
        #expect(try outOfOrder.decode(Int.self, "d") == 4)
        #expect(try outOfOrder.decode(Int.self, "a") == 1)
        #expect(try outOfOrder.decode(String.self, "b") == "two")
        #expect(throws: PostgresError.self) { try outOfOrder.decode(Int.self, "missing") }
        #expect(throws: PostgresError.self) { try row.decode(Int.self, "c") }
        #expect(throws: PostgresError.self) { try row.decode(Int.self, "b") }
    }

    @Test("integers from bytes read like Int(String): signs, bounds, junk")
    func integers() {
        func parse(_ text: String) -> Int? {
            var text = text
            return text.withUTF8 { ASCIIDecimal.integer(UnsafeRawBufferPointer($0)) }
        }
        for text in ["0", "-0", "+7", "42", "-42", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                     "-9223372036854775809", "", "-", "+", "1.5", " 1", "1 ", "12a", "٣"] {
            #expect(parse(text) == Int(text), "\(text)")
        }
    }

    @Test("timestamps from bytes: fractions, offsets, leap days and the days-from-civil arithmetic against timegm")
    func timestamps() throws {
        #expect(PostgresTimestamp.parse("2024-02-29 23:59:59.5+00")?.timeIntervalSince1970 == 1_709_251_199.5)
        #expect(PostgresTimestamp.parse("1970-01-01 01:00:00+01")?.timeIntervalSince1970 == 0)
        #expect(PostgresTimestamp.parse("1969-12-31 23:59:59-00:30")?.timeIntervalSince1970 == 1799)
        #expect(PostgresTimestamp.parse("infinity") == nil)
        #expect(PostgresTimestamp.parse("2024-13-01 00:00:00+00") == nil)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var parts = tm()
            parts.tm_year = Int32.random(in: 0...300, using: &generator)
            parts.tm_mon = Int32.random(in: 0...11, using: &generator)
            parts.tm_mday = Int32.random(in: 1...28, using: &generator)
            let expected = timegm(&parts)
            let days = CivilCalendar.days(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
            #expect(days * 86_400 == expected)
            let back = CivilCalendar.date(days: days)
            #expect(back.year == Int(parts.tm_year) + 1900 && back.month == Int(parts.tm_mon) + 1 && back.day == Int(parts.tm_mday))
        }
    }
}
