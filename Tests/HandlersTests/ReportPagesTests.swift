@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

/// `/admin/reports…` and `/api/v1/reports…`: staff only; a bad query field is a 400 naming it
/// (next to the field on the page); an unknown report is a 404.
@Suite("Reports: pages and JSON twins", .serialized)
struct ReportPagesTests {
    let application = PortalApplication.portal(services: try! TestServices.make())

    @Test("bad from, to, group, currency and table are 400s naming the field, on the page and in JSON")
    func badFields() throws {
        try TestEnvironment.withMigratedDatabase { c in
            let api = try InProcessAPI(application, on: c, as: try Fixtures.enrolledStaff(on: c, role: .staff).user)
            #expect(try api.send("GET", "/api/v1/reports/revenue?from=2026-02-30").problemFields(400) == ["from"])
            #expect(try api.send("GET", "/api/v1/reports/revenue?from=2026-03-01&to=2026-02-01").problemFields(400) == ["to"])
            #expect(try api.send("GET", "/api/v1/reports/revenue?group=year&currency=eur").problemFields(400) == ["group", "currency"])
            #expect(try api.send("GET", "/api/v1/reports/revenue?from=2020-01-01&to=2026-01-01&group=day").problemFields(400) == ["from"])
            #expect(api.send("GET", "/api/v1/reports/nope").status == .notFound)

            let staff = try InProcessBrowser.staff(application, on: c, role: .staff)
            let page = staff.get("/admin/reports/churn?from=yesterday&group=month")
            #expect(page.status.code == 400)
            #expect(page.text.contains(#"<span class="field-error" id="from-error">must be a date like 2026-01-31</span>"#))
            #expect(page.text.contains(#"value="yesterday""#))
            #expect(staff.get("/admin/reports/nope").status == .notFound)
            #expect(staff.get("/admin/reports/churn/csv?to=x").status.code == 400)
        }
    }

    @Test("staff see the index and the list; customers are refused; every report answers its page with a chart, its JSON and its CSV")
    func access() throws {
        try TestEnvironment.withMigratedDatabase { c in
            let staff = try InProcessBrowser.staff(application, on: c, role: .staff)
            let index = staff.get("/admin/reports")
            #expect(index.status == .ok && index.text.contains(#"<a href="/admin/reports/capacity">Capacity and stock</a>"#))
            #expect(index.text.contains(#"href="/admin/reports" aria-current"#) || index.text.contains("/admin/reports\""))
            let api = try InProcessAPI(application, on: c, as: try Fixtures.enrolledStaff(on: c, role: .staff).user)
            #expect(try api.send("GET", "/api/v1/reports").items().map { $0["kind"] as? String } == ReportKind.allCases.map(\.rawValue))
            let customer = try InProcessAPI(application, on: c, as: try Fixtures.customer(on: c))
            #expect(customer.send("GET", "/api/v1/reports").status == .forbidden)
            #expect(customer.send("GET", "/api/v1/reports/mrr").status == .forbidden)

            for kind in ReportKind.allCases {
                let page = staff.get("/admin/reports/\(kind.rawValue)")
                let json = api.send("GET", "/api/v1/reports/\(kind.rawValue)")
                let csv = api.send("GET", "/api/v1/reports/\(kind.rawValue)", headers: ["Accept": "text/csv"])
                #expect(json.status == .ok, "\(kind)")
                #expect(page.status == .ok && page.text.contains("<svg"), "\(kind)")
                #expect(try json.object()["kind"] as? String == kind.rawValue)
                #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
                #expect(csv.header("Content-Disposition")?.hasPrefix("attachment; filename=\"\(kind.rawValue)-") == true)
            }
        }
    }
}
