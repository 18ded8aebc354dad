@testable import Domain
import Foundation
import TestSupport
import Testing
@testable import Views

/// The report page rendered from a hand-built report: charts beside tables that carry the same
/// values, CSV links, escaped text, and bad fields named next to the field.
@Suite("Reports: the report page")
struct ReportPageTests {
    let renderer: PageRenderer

    init() throws {
        renderer = try PageRenderer(templatesDirectory: TestEnvironment.repositoryRoot + "/templates")
    }

    @Test("each table has its charts, a CSV link and cells whose data-value is what the bars carry")
    func page() throws {
        let report = ReportSamples.revenue
        let html = try renderer.render(ReportPage(kind: .revenue, form: [:], report: report))
        // For a look in a browser: `chromium --headless --screenshot` of this file (with static/ beside it).
        try? html.replacingOccurrences(of: "/static/", with: TestEnvironment.repositoryRoot + "/static/")
            .write(toFile: NSTemporaryDirectory() + "report-preview.html", atomically: true, encoding: .utf8)
        #expect(html.matches(of: /<svg\s/).count == 4)
        #expect(html.contains(#"href="/admin/reports/revenue/csv?table=by_month&amp;from=2026-01-01&amp;to=2026-12-31&amp;group=month""#))
        #expect(html.contains(#"<td class="num" data-value="123456.78">123,456.78</td>"#))
        #expect(html.contains(#"<td class="num" data-value="10.00">10.00 %</td>"#))
        #expect(html.contains("Figures &lt;exact&gt; to the cent &amp; never rounded.") && !html.contains("<b>L</b>"))
        #expect(html.contains(#"value="2026-01-01""#) && html.contains(#"<option value="month" selected>by month</option>"#))
        let cells = Set(html.matches(of: /<td class="num" data-value="([^"]*)"/).map { String($0.1) })
        let bars = Set(html.matches(of: /data-row="\d+" data-value="([^"]*)"/).map { String($0.1) })
        #expect(bars.isSubset(of: cells) && !bars.isEmpty)
    }

    @Test("a bad field is shown next to it, the form keeps what was typed, no table is shown")
    func badField() throws {
        let html = try renderer.render(ReportPage(kind: .churn, form: ["from": "2026-13-01", "group": "year"], report: nil,
                                                  issues: [FieldIssue(field: "from", message: "must be a date like 2026-01-31"),
                                                           FieldIssue(field: "group", message: "must be one of day, week, month")]))
        #expect(html.contains(#"<span class="field-error" id="from-error">must be a date like 2026-01-31</span>"#))
        #expect(html.contains(#"<span class="field-error" id="group-error">must be one of day, week, month</span>"#))
        #expect(html.contains(#"value="2026-13-01" aria-invalid="true""#) && !html.contains("<svg"))
    }

    @Test("the reports index lists the six reports")
    func index() throws {
        let html = try renderer.render(ReportsIndexPage())
        #expect(html.matches(of: /<li><a href="\/admin\/reports\/\w+">/).count == ReportKind.allCases.count)
    }
}
