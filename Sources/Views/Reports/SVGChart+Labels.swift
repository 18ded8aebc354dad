import Domain

extension SVGChart {
    /// Most x labels shown: with more rows only every n-th row is labelled.
    static let maximumXLabels = 12
    /// About how wide one character of an 11px label is.
    static let characterWidth = 6.5

    /// Each row's x label: its label cell, months as `2026-01` when every label is a month's first day.
    static func labels(_ chart: ReportTable.Chart, of table: ReportTable) -> [String] {
        guard let column = table.column(chart.label) else { return table.rows.map { _ in "" } }
        let cells = table.rows.map { column < $0.count ? $0[column] : .empty }
        let monthly = !cells.isEmpty && cells.allSatisfy { if case .day(let day) = $0 { return day.day == 1 } else { return false } }
        return cells.map { cell in
            if monthly, case .day(let day) = cell { return String(day.description.prefix(7)) }
            return cell.text
        }
    }

    func xLabel(_ row: Int) -> String? { labels.indices.contains(row) ? labels[row] : nil }

    /// Labels under the x axis, thinned to at most `maximumXLabels` (the first row always labelled).
    func xLabels() -> String {
        // Thin so labels never touch: at most twelve, spaced for the longest (long names are cut instead).
        let widest = Double(min(labels.map(\.count).max() ?? 0, 10)) * Self.characterWidth + 10
        let every = max((rowCount + Self.maximumXLabels - 1) / Self.maximumXLabels, min(Int((widest / band).rounded(.up)), 3), 1)
        let limit = max(4, Int((band * Double(every) - 10) / Self.characterWidth))
        var s = "<g class=\"chart-x\">"
        for row in stride(from: 0, to: rowCount, by: every) {
            let x = plotLeft + band * (Double(row) + 0.5)
            s += "<text x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(plotBottom + 18))\" text-anchor=\"middle\">\(SVGText.escape(SVGText.short(labels[row], limit)))</text>"
        }
        return s + "</g>"
    }

    /// The legend entries packed into lines that fit the width.
    func legendLines() -> [[ChartSeries]] {
        var lines: [[ChartSeries]] = [], line: [ChartSeries] = [], used = 0.0
        for entry in series {
            let width = legendWidth(entry)
            if !line.isEmpty && used + width > Self.width - plotLeft { lines.append(line); line = []; used = 0 }
            line.append(entry)
            used += width
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    private func legendWidth(_ entry: ChartSeries) -> Double { 36 + 7 * Double(entry.label.count) }

    /// The legend: each series' swatch (the bar pattern, or the line's dash and marker) and name.
    func legendMarkup(_ lines: [[ChartSeries]], top: Double) -> String {
        var s = "<g class=\"chart-legend\">"
        for (number, line) in lines.enumerated() {
            var x = plotLeft
            let y = top + Self.legendLine * Double(number) + 10
            for entry in line {
                s += "<g class=\"legend-entry\" data-series=\"\(SVGText.escape(entry.key))\">"
                if chart.style == .line {
                    s += "<line class=\"line series-\(entry.index % 5)\" x1=\"\(SVGText.number(x))\" x2=\"\(SVGText.number(x + 24))\" y1=\"\(SVGText.number(y))\" y2=\"\(SVGText.number(y))\""
                        + (entry.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>"
                    s += entry.marker(x: x + 12, y: y)
                } else {
                    s += "<rect class=\"bar series-\(entry.index % 5)\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y - 7))\" width=\"24\" height=\"14\" fill=\"url(#\(patternID(entry)))\"/>"
                }
                s += "<text x=\"\(SVGText.number(x + 30))\" y=\"\(SVGText.number(y))\" dy=\"4\">\(SVGText.escape(entry.label))</text></g>"
                x += legendWidth(entry)
            }
        }
        return s + "</g>"
    }
}
