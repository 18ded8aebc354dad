import Domain
import Foundation

/// One table of a report as the page shows it: its charts above, the cells (each with its exact
/// value in `data-value`, the same text the chart's bars carry) and a CSV link.
struct ReportTableView: Sendable {
    struct Header: Sendable {
        var key: String
        var label: String
        var isNumber: Bool
    }

    struct Cell: Sendable {
        var shown: String
        var value: String
        var isNumber: Bool
    }

    struct Row: Sendable {
        var cells: [Cell]
    }

    struct Chart: Sendable {
        var svg: String
    }

    var key: String
    var title: String
    var headers: [Header]
    var rows: [Row]
    var totals: Row?
    var isEmpty: Bool
    var charts: [Chart]
    var csvHref: String

    init(_ table: ReportTable, number: Int, report: Report) {
        key = table.key
        title = table.title
        headers = table.columns.map { Header(key: $0.key, label: $0.label, isNumber: $0.kind.isNumber) }
        let kinds = table.columns.map(\.kind)
        func row(_ cells: [ReportCell]) -> Row { Row(cells: cells.enumerated().map { Self.cell($1, kinds.indices.contains($0) ? kinds[$0] : .text) }) }
        rows = table.rows.map(row)
        totals = table.totals.map(row)
        isEmpty = table.rows.isEmpty
        charts = table.charts.enumerated().map { index, chart in
            Chart(svg: SVGChart(chart, of: table, id: "chart-\(number)-\(index)", currency: report.currency).render())
        }
        csvHref = "/admin/reports/\(report.kind.rawValue)/csv?table=\(table.key.addingPercentEncoding(withAllowedCharacters: Self.keyCharacters) ?? "")&\(report.query.parameters)"
    }

    private static let keyCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))

    static func cell(_ cell: ReportCell, _ kind: ReportTable.Kind) -> Cell {
        Cell(shown: shown(cell), value: cell.text, isNumber: kind.isNumber)
    }

    /// A cell as read on the page: money and counts with thousands separators, percentages with `%`.
    static func shown(_ cell: ReportCell) -> String {
        switch cell {
        case .count(let count): return ChartScale.grouped(Int64(count))
        case .money(let money): return grouped(money.description)
        case .percent: return cell.text + " %"
        default: return cell.text
        }
    }

    private static func grouped(_ decimal: String) -> String {
        let parts = decimal.split(separator: ".", maxSplits: 1)
        guard let whole = Int64(parts[0]) else { return decimal }
        let sign = decimal.hasPrefix("-") && whole == 0 ? "-" : ""
        return sign + ChartScale.grouped(whole) + (parts.count > 1 ? "." + parts[1] : "")
    }
}

extension ReportTable.Kind {
    /// Counts, money and percentages: right-aligned, drawn on charts.
    var isNumber: Bool { self == .count || self == .money || self == .percent }
}
