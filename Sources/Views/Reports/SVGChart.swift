import Domain

/// A chart of a report table as inline SVG, drawn on the server: no script, no external
/// resource, the same bytes for the same table. Bars and points are the table's own cells
/// (each carries its cell's exact text in `data-value`); series differ by pattern, dash and
/// marker as well as colour, and the legend shows the same marks.
public struct SVGChart {
    static let width = 640.0, left = 72.0, right = 12.0, top = 28.0, plotHeight = 200.0, labelBand = 30.0, legendLine = 20.0

    let table: ReportTable
    let chart: ReportTable.Chart
    /// Unique on the page: prefixes the ids of the title, description and patterns.
    let id: String
    let series: [ChartSeries]
    /// Raw units per axis unit (100 for money and percentages).
    let unit: Int64
    /// What the axis counts in: the currency, `%`, or `count`.
    let unitName: String
    /// The x label of each row.
    let labels: [String]

    /// The `chart` of `table`, with money in `currency`; `id` must be unique on the page.
    public init(_ chart: ReportTable.Chart, of table: ReportTable, id: String, currency: String) {
        self.table = table
        self.chart = chart
        self.id = id
        series = ChartSeries.of(chart, in: table)
        let kind = series.first.map { table.columns[table.column($0.key)!].kind } ?? .count
        unit = kind == .money || kind == .percent ? 100 : 1
        unitName = kind == .money ? currency : (kind == .percent ? "%" : "count")
        labels = Self.labels(chart, of: table)
    }

    var rowCount: Int { table.rows.count }
    var plotLeft: Double { Self.left }
    var plotRight: Double { Self.width - Self.right }
    var plotTop: Double { Self.top }
    var plotBottom: Double { Self.top + Self.plotHeight }
    /// The width of one row's slot on the x axis.
    var band: Double { (plotRight - plotLeft) / Double(max(rowCount, 1)) }

    /// The chart as an `<svg>` element.
    public func render() -> String {
        let legend = legendLines()
        let height = plotBottom + Self.labelBand + Self.legendLine * Double(legend.count) + 6
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-\(chart.style.rawValue)\" id=\"\(id)\" viewBox=\"0 0 \(SVGText.number(Self.width)) \(SVGText.number(height))\""
        s += " role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" data-table=\"\(SVGText.escape(table.key))\">"
        s += "<title id=\"\(id)-title\">\(SVGText.escape(chart.title))</title><desc id=\"\(id)-desc\">\(SVGText.escape(description))</desc>"
        guard rowCount > 0, !series.isEmpty else {
            return s + "<text class=\"chart-empty\" x=\"\(SVGText.number(Self.width / 2))\" y=\"\(SVGText.number(plotTop + Self.plotHeight / 2))\" text-anchor=\"middle\">No figures in this range.</text></svg>"
        }
        let scale = self.scale
        if chart.style != .line { s += "<defs>" + series.map { $0.pattern(id: patternID($0)) }.joined() + "</defs>" }
        s += axis(scale)
        s += chart.style == .line ? lines(scale) : bars(scale)
        s += "<line class=\"chart-zero\" x1=\"\(SVGText.number(plotLeft))\" x2=\"\(SVGText.number(plotRight))\" y1=\"\(SVGText.number(scale.y(0, top: plotTop, bottom: plotBottom)))\" y2=\"\(SVGText.number(scale.y(0, top: plotTop, bottom: plotBottom)))\"/>"
        s += xLabels()
        s += legendMarkup(legend, top: plotBottom + Self.labelBand)
        return s + "</svg>"
    }

    func patternID(_ series: ChartSeries) -> String { "\(id)-p\(series.index)" }

    /// The value axis: large enough for every bar, stack or point, and for zero.
    var scale: ChartScale {
        var low: Int64 = 0, high: Int64 = 0
        for row in 0..<rowCount {
            if chart.style == .stackedBar {
                let values = series.compactMap { $0.value(row) }
                low = min(low, values.filter { $0 < 0 }.reduce(0, +))
                high = max(high, values.filter { $0 > 0 }.reduce(0, +))
            } else {
                for value in series.compactMap({ $0.value(row) }) { low = min(low, value); high = max(high, value) }
            }
        }
        return ChartScale(minimum: low, maximum: high, unit: unit)
    }

    /// The words a screen reader reads for the chart.
    var description: String {
        let style = ["bar": "Bar chart", "stacked_bar": "Stacked bar chart", "line": "Line chart"][chart.style.rawValue] ?? "Chart"
        let labelColumn = table.column(chart.label).map { table.columns[$0].label } ?? chart.label
        var text = "\(style) of \(series.map(\.label).joined(separator: ", ")) by \(labelColumn)"
        if let first = xLabel(0), let last = xLabel(rowCount - 1) { text += ", \(rowCount) rows from \(first) to \(last)" }
        return text + ", in \(unitName). The table has the exact figures."
    }

    /// Horizontal grid lines with round tick labels, and the unit above the axis.
    func axis(_ scale: ChartScale) -> String {
        var s = "<g class=\"chart-axis\"><text class=\"chart-unit\" x=\"\(SVGText.number(plotLeft - 8))\" y=\"\(SVGText.number(plotTop - 12))\" text-anchor=\"end\">\(SVGText.escape(unitName))</text>"
        for tick in scale.ticks {
            let y = SVGText.number(scale.y(tick, top: plotTop, bottom: plotBottom))
            s += "<line class=\"chart-grid\" x1=\"\(SVGText.number(plotLeft))\" x2=\"\(SVGText.number(plotRight))\" y1=\"\(y)\" y2=\"\(y)\"/>"
            s += "<text x=\"\(SVGText.number(plotLeft - 8))\" y=\"\(y)\" dy=\"4\" text-anchor=\"end\">\(scale.label(tick))</text>"
        }
        return s + "</g>"
    }
}
