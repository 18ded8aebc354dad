import Domain

extension SVGChart {
    /// Bars side by side per row (`bar`), or stacked with negatives below the axis (`stacked_bar`).
    func bars(_ scale: ChartScale) -> String {
        let stacked = chart.style == .stackedBar
        let group = band * 0.7
        let barWidth = stacked ? group : group / Double(series.count)
        let labelled = !stacked && barWidth >= 36 && rowCount * series.count <= 16
        var s = "<g class=\"chart-bars\">"
        for row in 0..<rowCount {
            var above: Int64 = 0, below: Int64 = 0
            for entry in series {
                let value = entry.value(row) ?? 0
                var from: Int64 = 0
                if stacked {
                    from = value < 0 ? below : above
                    if value < 0 { below += value } else { above += value }
                }
                let x = plotLeft + band * Double(row) + (band - group) / 2 + (stacked ? 0 : barWidth * Double(entry.index))
                let y1 = scale.y(max(from, from + value), top: plotTop, bottom: plotBottom)
                let y2 = scale.y(min(from, from + value), top: plotTop, bottom: plotBottom)
                s += "<rect class=\"bar series-\(entry.index % 5)\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y1))\" width=\"\(SVGText.number(barWidth))\""
                s += " height=\"\(SVGText.number(y2 - y1))\" fill=\"url(#\(patternID(entry)))\"\(dataAttributes(entry, row))>"
                s += "<title>\(SVGText.escape("\(labels[row]): \(entry.label) \(entry.cells[row].text)"))</title></rect>"
                if labelled, entry.value(row) != nil {
                    let ty = value < 0 ? y2 + 12 : y1 - 4
                    s += "<text class=\"chart-value\" x=\"\(SVGText.number(x + barWidth / 2))\" y=\"\(SVGText.number(ty))\" text-anchor=\"middle\">\(SVGText.escape(entry.cells[row].text))</text>"
                }
            }
        }
        return s + "</g>"
    }

    /// One line per series (its own dash), a marker at each point; an empty cell breaks the line.
    func lines(_ scale: ChartScale) -> String {
        var s = "<g class=\"chart-lines\">"
        for entry in series {
            var runs: [[String]] = [], run: [String] = [], points = ""
            for row in 0..<rowCount {
                guard let value = entry.value(row) else {
                    if !run.isEmpty { runs.append(run); run = [] }
                    continue
                }
                let x = plotLeft + band * (Double(row) + 0.5), y = scale.y(value, top: plotTop, bottom: plotBottom)
                run.append("\(SVGText.number(x)),\(SVGText.number(y))")
                points += "<g class=\"point\"\(dataAttributes(entry, row))><title>\(SVGText.escape("\(labels[row]): \(entry.label) \(entry.cells[row].text)"))</title>"
                points += entry.marker(x: x, y: y) + "</g>"
            }
            if !run.isEmpty { runs.append(run) }
            for run in runs {
                s += "<polyline class=\"line series-\(entry.index % 5)\" points=\"\(run.joined(separator: " "))\"" + (entry.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>"
            }
            s += points
        }
        return s + "</g>"
    }

    /// `data-series`, `data-row` and `data-value` (the cell's exact text) of a bar or point.
    private func dataAttributes(_ entry: ChartSeries, _ row: Int) -> String {
        " data-series=\"\(SVGText.escape(entry.key))\" data-row=\"\(row)\" data-value=\"\(SVGText.escape(entry.cells[row].text))\""
    }
}
