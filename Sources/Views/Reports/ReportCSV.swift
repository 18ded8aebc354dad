import Domain
import Foundation

/// A report table as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma,
/// quote or line break, quotes doubled), UTF-8, a header row of column labels, then the rows
/// and the totals row as the page shows them.
///
/// Numbers are written plain (`1234.50`, `-12.00`, `7`) so a spreadsheet reads them as numbers.
/// Text cells may come from customers or products, so one that a spreadsheet would run as a
/// formula (beginning with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`.
public enum ReportCSV {
    /// The CSV bytes of `table`.
    public static func render(_ table: ReportTable) -> [UInt8] {
        var out = ""
        line(table.columns.map { field(neutralised($0.label)) }, into: &out)
        for row in table.rows { line(row.map(field), into: &out) }
        if let totals = table.totals { line(totals.map(field), into: &out) }
        return Array(out.utf8)
    }

    /// The download's file name: `revenue-2026-01-01-2026-12-31-by_month.csv`.
    public static func fileName(_ report: Report, _ table: ReportTable) -> String {
        let key = String(table.key.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "_" })
        return "\(report.kind.rawValue)-\(report.query.from)-\(report.query.to)-\(key).csv"
    }

    private static func line(_ fields: [String], into out: inout String) {
        out += fields.joined(separator: ",")
        out += "\r\n"
    }

    private static func field(_ cell: ReportCell) -> String {
        if case .text(let text) = cell { return field(neutralised(text)) }
        return cell.text
    }

    /// Text a spreadsheet would take as a formula, prefixed with `'`.
    static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    private static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
