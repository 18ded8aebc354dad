import Domain

/// One series of a chart: its column, its cells (the table's own, row for row) and the marks
/// that tell it apart without colour.
struct ChartSeries {
    let key: String
    let label: String
    let index: Int
    /// The table's cells of this column, row for row.
    let cells: [ReportCell]

    /// The value of row `row` (nil for an empty or non-numeric cell).
    func value(_ row: Int) -> Int64? { cells[row].magnitude }

    /// Dash pattern of this series' line (`nil`: solid).
    var dash: String? { [nil, "6 3", "2 3", "8 3 2 3", "1 5"][index % 5] }

    /// The pattern inside this series' bars: solid, hatched, dotted, cross-hatched, striped.
    func pattern(id: String) -> String {
        let n = index % 5
        var s = "<pattern id=\"\(id)\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\">"
        s += "<rect class=\"chart-fill-\(n)\" width=\"8\" height=\"8\"/>"
        switch n {
        case 1: s += "<path class=\"chart-ink-\(n)\" d=\"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4\"/>"
        case 2: s += "<circle class=\"chart-dot-\(n)\" cx=\"4\" cy=\"4\" r=\"1.6\"/>"
        case 3: s += "<path class=\"chart-ink-\(n)\" d=\"M0,0 l8,8 M8,0 l-8,8\"/>"
        case 4: s += "<path class=\"chart-ink-\(n)\" d=\"M0,2 h8 M0,6 h8\"/>"
        default: break
        }
        return s + "</pattern>"
    }

    /// The marker drawn at a line's point: circle, square, triangle, diamond, cross.
    func marker(x: Double, y: Double) -> String {
        let X = SVGText.number(x), Y = SVGText.number(y), n = index % 5
        switch n {
        case 0: return "<circle class=\"marker series-0\" cx=\"\(X)\" cy=\"\(Y)\" r=\"3.5\"/>"
        case 1: return "<rect class=\"marker series-1\" x=\"\(SVGText.number(x - 3.5))\" y=\"\(SVGText.number(y - 3.5))\" width=\"7\" height=\"7\"/>"
        case 2: return "<path class=\"marker series-2\" d=\"M\(X),\(SVGText.number(y - 4.5)) l4,7.5 h-8 z\"/>"
        case 3: return "<path class=\"marker series-3\" d=\"M\(X),\(SVGText.number(y - 4.5)) l4.5,4.5 l-4.5,4.5 l-4.5,-4.5 z\"/>"
        default: return "<path class=\"marker series-4\" d=\"M\(SVGText.number(x - 4)),\(SVGText.number(y - 4)) l8,8 m0,-8 l-8,8\"/>"
        }
    }

    /// The series of `chart` in `table` (columns that do not exist are left out).
    static func of(_ chart: ReportTable.Chart, in table: ReportTable) -> [ChartSeries] {
        chart.series.compactMap { table.column($0) }.enumerated().map { number, column in
            ChartSeries(key: table.columns[column].key, label: table.columns[column].label, index: number,
                        cells: table.rows.map { column < $0.count ? $0[column] : .empty })
        }
    }
}
