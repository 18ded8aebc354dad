@testable import Domain
import Foundation
import TestSupport
import Testing
@testable import Views

/// CSV downloads: RFC 4180, numbers a spreadsheet reads as numbers, no formula injection, and
/// the same rows as the page's table.
@Suite("Reports: CSV")
struct ReportCSVTests {
    /// A minimal RFC 4180 reader: records of fields, CRLF between records.
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = "", quoted = false
        var chars = Array(text).makeIterator()
        var pending: Character?
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() { if next == "\"" { field.append("\"") } else { quoted = false; pending = next } } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { record.append(field); field = "" }
            else if c == "\r\n" { record.append(field); records.append(record); record = []; field = "" }
            else { field.append(c) }
        }
        return records
    }

    @Test("header, every row and the totals, CRLF line ends, numbers plain")
    func rowForRow() {
        let table = ReportSamples.revenue.tables[0]
        let text = String(decoding: ReportCSV.render(table), as: UTF8.self)
        #expect(text.hasPrefix("Month,Invoiced,Collected,Refunds,Customers,Share\r\n2026-01-01,1200.00,1100.01,0.00,10,10.00\r\n"))
        #expect(text.hasSuffix("Total,24339.00,23139.12,-459.00,,\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let records = Self.parse(text)
        #expect(records.count == table.rows.count + 2)
        for (index, row) in table.rows.enumerated() { #expect(records[index + 1] == row.map(\.text)) }
    }

    @Test("text that a spreadsheet would run is neutralised; numbers, even negative, are not; quotes doubled")
    func injection() {
        let table = ReportSamples.revenue.tables[1]
        let text = String(decoding: ReportCSV.render(table), as: UTF8.self)
        let records = Self.parse(text)
        #expect(records.map { $0[0] } == ["Product", "VPS <b>L</b> & \"more\"", "'=HYPERLINK(\"http://evil.test\",\"x\")", "'-5 discount, \"spring\"",
                                          "'@SUM(A1:A2)", "'\tTabbed\r\nand two lines", "'+41 Zürich"])
        #expect(records.map { $0[1] } == ["Invoiced", "123456.78", "5.00", "-1.50", "0.00", "0.07", "1000000.00"])
        #expect(text.contains(#""'-5 discount, ""spring""",-1.50"#))
        #expect(text.contains("\"VPS <b>L</b> & \"\"more\"\"\",123456.78\r\n"))
        #expect(Array(text.utf8).starts(with: Array("Product".utf8)), "UTF-8 without a byte order mark")
    }

    @Test("the download is named after the report, its range and the table")
    func fileName() {
        let report = ReportSamples.revenue
        #expect(ReportCSV.fileName(report, report.tables[0]) == "revenue-2026-01-01-2026-12-31-by_month.csv")
    }
}
