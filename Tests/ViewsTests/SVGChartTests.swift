@testable import Domain
import Foundation
import Testing
@testable import Views

/// The server-drawn charts: every bar and point is a table cell, negatives below the axis,
/// readable without colour, escaped, deterministic.
@Suite("Reports: SVG charts")
struct SVGChartTests {
    static func svg(_ table: ReportTable, _ chart: Int = 0) -> String {
        SVGChart(table.charts[chart], of: table, id: "c\(chart)", currency: "EUR").render()
    }

    /// `(series, row, value)` of every element that carries a `data-value`.
    static func marks(_ svg: String) -> [(series: String, row: Int, value: String)] {
        let regex = try! NSRegularExpression(pattern: #"data-series="([^"]*)" data-row="(\d+)" data-value="([^"]*)""#)
        return regex.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { match in
            func group(_ n: Int) -> String { String(svg[Range(match.range(at: n), in: svg)!]) }
            return (group(1), Int(group(2))!, group(3))
        }
    }

    @Test("every bar, stack segment and point carries exactly its table cell, one per cell")
    func marksAreTheCells() throws {
        let table = ReportSamples.revenue.tables[0]
        for (number, chart) in table.charts.enumerated() {
            let marks = Self.marks(Self.svg(table, number))
            #expect(marks.count == chart.series.count * table.rows.count, "\(chart.title)")
            for mark in marks {
                let column = try #require(table.column(mark.series))
                #expect(mark.value == table.rows[mark.row][column].text, "\(chart.title) \(mark.series) row \(mark.row)")
            }
        }
    }

    @Test("negative values are drawn below the zero line, and the axis reaches below zero with round ticks")
    func negatives() throws {
        let table = ReportSamples.days(10)
        let svg = Self.svg(table)
        let zero = try #require(svg.firstMatch(of: /class="chart-zero"[^>]*y1="([-\d.]+)"/)).1
        let zeroY = Double(zero)!
        let bars = svg.matches(of: /<rect class="bar series-\d" x="[-\d.]+" y="([-\d.]+)" width="[-\d.]+" height="([-\d.]+)" fill="[^"]*" data-series="(\w+)" data-row="(\d+)" data-value="([^"]*)"/)
        #expect(bars.count == 20)
        for bar in bars where bar.5.hasPrefix("-") {
            #expect(Double(bar.1)! == zeroY, "a negative bar hangs from the zero line")
            #expect(Double(bar.2)! > 0)
        }
        for bar in bars where !bar.5.hasPrefix("-") && bar.5 != "0.00" {
            #expect(Double(bar.1)! + Double(bar.2)! == zeroY, "a positive bar stands on the zero line")
        }
        #expect(svg.contains(">-40<") || svg.contains(">-30<") || svg.contains(">-20<"), "a negative tick label in euros")
        #expect(svg.contains(">EUR</text>"))
    }

    @Test("stacked bars put negatives below the axis and positives above it, one on the other")
    func stacked() {
        let table = ReportSamples.revenue.tables[0]
        let marks = Self.marks(Self.svg(table, 1))
        #expect(marks.filter { $0.value.hasPrefix("-") }.count == 9)
    }

    @Test("ticks are round numbers in currency units")
    func ticks() {
        let scale = ChartScale(minimum: -2_550, maximum: 123_456, unit: 100)
        #expect(scale.ticks.map(scale.label) == ["-500", "0", "500", "1,000", "1,500"])
        let big = ChartScale(minimum: 0, maximum: 1_000_000_00, unit: 100)
        #expect(big.ticks.map(big.label) == ["0", "200k", "400k", "600k", "800k", "1000k"])
        let counts = ChartScale(minimum: 0, maximum: 7, unit: 1)
        #expect(counts.ticks == [0, 2, 4, 6, 8])
        let zero = ChartScale(minimum: 0, maximum: 0, unit: 100)
        #expect(zero.ticks == [0, 100])
    }

    @Test("an empty table says so; an all-zero table still draws its axis and bars")
    func emptyAndZero() {
        let empty = ReportTable(key: "t", title: "T", columns: [.init("day", "Day", .day), .init("net", "Net", .money)], rows: [],
                                charts: [.init("Nothing", .bar, label: "day", series: ["net"])])
        let svg = Self.svg(empty)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>") && svg.contains("No figures in this range.") && svg.contains("<title id=\"c0-title\">Nothing</title>"))
        let zeros = ReportTable(key: "t", title: "T", columns: [.init("day", "Day", .day), .init("net", "Net", .money)],
                                rows: [[.day(CalendarDay(year: 2026, month: 1, day: 1)), .money(Money(cents: 0))]],
                                charts: [.init("Zero", .line, label: "day", series: ["net"])])
        let zeroSVG = Self.svg(zeros)
        #expect(Self.marks(zeroSVG).map(\.value) == ["0.00"] && zeroSVG.contains(">1</text>"))
    }

    @Test("many buckets: every row is drawn, at most twelve x labels")
    func manyBuckets() {
        for style in [ReportTable.Chart.Style.bar, .line] {
            let svg = Self.svg(ReportSamples.days(400, style: style))
            #expect(Self.marks(svg).count == 800)
            let xLabels = svg.firstMatch(of: /<g class="chart-x">(.*?)<\/g>/).map { $0.1.matches(of: /<text\s/).count } ?? 0
            #expect(xLabels > 0 && xLabels <= SVGChart.maximumXLabels)
        }
    }

    @Test("labels and titles are escaped; no script, no outside resource; title, description and role for screen readers")
    func escapedAndAccessible() {
        let table = ReportSamples.revenue.tables[1]
        let svg = Self.svg(table)
        #expect(!svg.contains("<b>") && svg.contains("VPS &lt;b&gt;L&lt;/b&gt; &amp; &quot;more&quot;"))
        #expect(!svg.contains("<script") && !svg.contains("href=") && !svg.contains("style="))
        #expect(svg.contains(#"role="img""#) && svg.contains(#"aria-labelledby="c0-title c0-desc""#) && svg.contains("<desc id=\"c0-desc\">Bar chart of Invoiced by Product"))
    }

    @Test("series differ by more than colour: patterns for bars, dashes and markers for lines, the same marks in the legend")
    func withoutColour() {
        let table = ReportSamples.revenue.tables[0]
        let bars = Self.svg(table, 0)
        #expect(bars.contains(#"<pattern id="c0-p0""#) && bars.contains(#"<pattern id="c0-p1""#) && bars.contains("chart-ink-1"))
        #expect(bars.matches(of: /<g class="legend-entry"[^>]*><rect [^>]*fill="url\(#c0-p1\)"/).count == 1)
        let two = ReportTable(key: "t", title: "T", columns: table.columns, rows: table.rows,
                              charts: [.init("Lines", .line, label: "month", series: ["invoiced", "collected"])])
        let lines = Self.svg(two)
        #expect(lines.contains(#"stroke-dasharray="6 3""#) && lines.contains("<circle class=\"marker series-0\"") && lines.contains("<rect class=\"marker series-1\""))
    }

    @Test("the same table gives the same bytes; months are labelled 2026-01")
    func deterministic() {
        let table = ReportSamples.revenue.tables[0]
        for number in table.charts.indices { #expect(Self.svg(table, number) == Self.svg(table, number)) }
        #expect(Self.svg(table).contains(">2026-01</text>"))
    }
}
