@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

@Suite("Order pages, request in, response out")
struct OrderPagesTests {
    let application: PortalApplication
    let connection: PostgresConnection

    init() throws {
        application = .portal(services: try TestServices.make())
        connection = try TestEnvironment.connect()
    }

    private func staffBrowser() throws -> InProcessBrowser {
        try InProcessBrowser.staff(application, on: connection)
    }

    private func get(_ browser: InProcessBrowser, _ path: String) -> Response {
        browser.get(path)
    }

    private func post(_ browser: InProcessBrowser, _ path: String, _ fields: [(String, String)] = []) -> Response {
        browser.post(path, fields)
    }

    private func product(stock: Int? = nil) throws -> Product {
        var input = ProductInput()
        input.scalars = ["name": "Page VPS \(UUID().uuidString.prefix(5))", "server_type": "vps", "cpu_cores": "2", "ram_gb": "4",
                         "storage_gb": "50", "price_monthly": "10.00", "price_yearly": "100.00", "setup_fee": "1.50",
                         "stock_count": stock.map(String.init)]
        return try Products.create(try ProductDraft.validate(input), on: connection, actor: .commandLine, origin: .commandLine)
    }

    @Test("placing an order through the form, then edit without code (401), with code (303), pay, history")
    func orderStory() throws {
        let staff = try staffBrowser()
        let product = try product()
        let customer = try Fixtures.customer(on: connection)
        let created = post(staff, "/admin/orders", [("customer_id", String(customer.id)), ("product_id_0", String(product.id)),
                                                   ("billing_cycle_0", "yearly"), ("quantity_0", "2"), ("notes", "first")])
        #expect(created.status == .seeOther, "\(created.text)")
        let location = try #require(created.header("Location"))
        let id = try #require(Int(location.split(separator: "/").last!.split(separator: "?").first!))
        let detail = get(staff, "/admin/orders/\(id)")
        #expect(detail.text.contains("203.00 EUR"))
        #expect(detail.text.contains(#"name="product_id_0""#), "the edit form shows the order's lines")

        let noCode = post(staff, "/admin/orders/\(id)", [("version", "1"), ("notes", "second"), ("status", "pending")])
        #expect(noCode.status == .unauthorized)
        #expect(noCode.text.contains("needs a current code"))
        let withCode = post(staff, "/admin/orders/\(id)", [("version", "1"), ("notes", "second"), ("status", "pending"),
                                                           ("code", try Fixtures.code(staff.totp))])
        #expect(withCode.status == .seeOther, "\(withCode.text)")
        let paid = post(staff, "/admin/orders/\(id)/pay", [("version", "2"), ("code", try Fixtures.code(staff.totp, steps: 1))])
        #expect(paid.status == .seeOther, "\(paid.text)")
        let after = get(staff, "/admin/orders/\(id)")
        #expect(after.text.contains("status-paid"))
        for action in ["order.created", "order.updated", "order.paid"] { #expect(after.text.contains(action)) }
        #expect(after.text.contains("notes: first → second"))
    }

    @Test("step-up on the pay form: five wrong codes, then the right one re-shows the page with 429 and Retry-After; nothing paid")
    func throttledPayForm() throws {
        let staff = try staffBrowser()
        let product = try product()
        let customer = try Fixtures.customer(on: connection)
        let order = try OrderPlacement.place(customerID: customer.id, lines: [OrderLine(productID: product.id, billingCycle: .monthly)],
                                             notes: "", on: connection, actor: .commandLine, origin: .commandLine)
        for _ in 0..<Verifier.stepUp.accountLimit {
            #expect(post(staff, "/admin/orders/\(order.id)/pay", [("version", "1"), ("code", "000000")]).status == .forbidden)
        }
        let throttled = post(staff, "/admin/orders/\(order.id)/pay", [("version", "1"), ("code", try Fixtures.code(staff.totp))])
        #expect(throttled.status == .tooManyRequests)
        #expect((Int(throttled.header("Retry-After") ?? "") ?? 0) > 800)
        #expect(throttled.text.contains("Too many wrong codes"))
        #expect(throttled.text.contains("pay-form"), "the page is shown again with its forms")
        #expect(try Orders.find(id: order.id, on: connection)?.status == .pending)
        let log = try SessionLog.list(on: connection, page: PageRequest(limit: 20), userID: staff.user.id, event: .verificationThrottled)
        #expect(log.items.count == 1)
    }

    @Test("a stale edit answers 409 and shows what changed")
    func staleEdit() throws {
        let staff = try staffBrowser()
        let product = try product()
        let customer = try Fixtures.customer(on: connection)
        let order = try OrderPlacement.place(customerID: customer.id, lines: [OrderLine(productID: product.id, billingCycle: .monthly)],
                                             notes: "original", on: connection, actor: .commandLine, origin: .commandLine)
        _ = try OrderChanges(twoFactor: TwoFactor(box: try Fixtures.box())).edit(
            orderID: order.id, expectedVersion: 1, change: .init(notes: "changed by a colleague"), by: staff.user,
            code: try Fixtures.code(staff.totp), on: connection, origin: .commandLine)
        let stale = post(staff, "/admin/orders/\(order.id)", [("version", "1"), ("notes", "my edit"), ("status", "pending"),
                                                              ("code", try Fixtures.code(staff.totp, steps: 1))])
        #expect(stale.status == .conflict)
        #expect(stale.text.contains("What changed"))
        #expect(stale.text.contains("changed by a colleague"))
        #expect(stale.text.contains("my edit"))
    }

    @Test("an out-of-stock product refuses the order on the page without placing it")
    func outOfStock() throws {
        let staff = try staffBrowser()
        let product = try product(stock: 1)
        let customer = try Fixtures.customer(on: connection)
        let refused = post(staff, "/admin/orders", [("customer_id", String(customer.id)), ("product_id_0", String(product.id)),
                                                   ("billing_cycle_0", "monthly"), ("quantity_0", "2")])
        #expect(refused.status == .conflict)
        #expect(refused.text.contains("out of stock"))
        let badLine = post(staff, "/admin/orders", [("customer_id", String(customer.id)), ("product_id_0", String(product.id)),
                                                   ("billing_cycle_0", "monthly"), ("quantity_0", "0")])
        #expect(badLine.status == .unprocessableContent)
        #expect(badLine.text.contains("Quantity must be from 1 to 100"))
        #expect(try Orders.list(.init(customerID: customer.id), page: PageRequest(), on: connection).items.isEmpty)
    }

    @Test("the dashboard shows orders by status and revenue; the list filters")
    func dashboardAndList() throws {
        let staff = try staffBrowser()
        let dashboard = get(staff, "/admin")
        #expect(dashboard.status == .ok)
        #expect(dashboard.text.contains("Revenue this month"))
        #expect(dashboard.text.contains("Orders pending"))
        #expect(get(staff, "/admin/orders?status=paid").status == .ok)
        let bad = get(staff, "/admin/orders?status=nonsense")
        #expect(bad.status == .unprocessableContent)
    }
}
