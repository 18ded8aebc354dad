@testable import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("Changing a server's product", .serialized)
struct ProductChangeTests {
    /// Customer 0 of a fresh world bought three running servers on 2024-01-31 (monthly on product 0
    /// at 9.99, quarterly on product 1 at 41.85, yearly on product 2 at 333.33) and paid.
    private struct Setting {
        let world: BillingWorld
        let owner: Caller
        let staff: Caller
        let totp: TOTP
        let changes: ServiceProductChange

        var connection: PostgresConnection { world.connection }

        init(url: String) throws {
            world = try BillingWorld.make(url: url, customerCount: 1)
            try world.placeOrders(on: CalendarDay("2024-01-31")!)
            try world.connection.query("UPDATE server_instances SET status = 'active'")
            let customer = try #require(try Users.find(id: world.customers[0], on: world.connection))
            let (staffUser, totp) = try Fixtures.enrolledStaff(on: world.connection)
            owner = Caller(user: customer, origin: Fixtures.origin(), connection: world.connection)
            staff = Caller(user: staffUser, origin: Fixtures.origin(), connection: world.connection)
            self.totp = totp
            changes = ServiceProductChange(twoFactor: TwoFactor(box: try Fixtures.box()))
        }

        func service(_ cycle: String) throws -> Int {
            try connection.query("SELECT id FROM server_instances WHERE billing_cycle = $1 ORDER BY id LIMIT 1", [cycle])[0].decode(Int.self, "id")
        }

        func jobs(_ id: Int) throws -> Int {
            try connection.query("SELECT count(*) AS n FROM jobs WHERE instance_id = $1 AND action = 'change_package'", [id])[0].decode(Int.self, "n")
        }

        func terms(_ id: Int) throws -> (product: Int, amount: Money) {
            let row = try connection.query("SELECT product_id, recurring_amount FROM server_instances WHERE id = $1", [id])[0]
            return (try row.decode(Int.self, "product_id"), try row.decode(Money.self, "recurring_amount"))
        }

        func tick(_ day: String) throws {
            let report = try BillingRun.tick(at: BillingWorld.moment(CalendarDay(day)!), on: connection)
            #expect(report.failures.isEmpty, "\(report.failures)")
        }
    }

    private static let day = BillingWorld.moment(CalendarDay("2024-02-10")!)

    @Test("upgrade: an invoice at once; paid (twice) → applied once, one job, the next renewal at the new amount")
    func upgrade() throws {
        try TestEnvironment.withScratchDatabase { url in
            let s = try Setting(url: url)
            let monthly = try s.service("monthly")
            let outcome = try s.changes.request(instanceID: monthly, productID: s.world.products[1], by: s.owner, code: nil, at: Self.day)
            #expect(outcome.change.status == "pending" && outcome.change.difference == Money("3.25"))
            #expect(outcome.change.remainingDays == 19 && outcome.change.periodDays == 29)
            let invoice = try #require(outcome.invoice)
            #expect(invoice.status == .unpaid && invoice.total == Money("3.25") && invoice.items.map(\.kind) == ["upgrade"])
            // Nothing changes until it is paid, and a second request waits for it.
            #expect(try s.terms(monthly) == (s.world.products[0], Money("9.99")!) && s.jobs(monthly) == 0)
            #expect(throws: DomainError.self) {
                try s.changes.request(instanceID: monthly, productID: s.world.products[2], by: s.owner, code: nil, at: Self.day)
            }
            try InvoicePayments.apply(invoiceID: invoice.id, amount: Money("3.25")!, method: "card", reference: "u", actor: .commandLine,
                                      at: Self.day, on: s.connection)
            #expect(throws: DomainError.self) {
                try InvoicePayments.apply(invoiceID: invoice.id, amount: Money("3.25")!, method: "card", reference: "u", actor: .commandLine,
                                          at: Self.day, on: s.connection)
            }
            #expect(try s.terms(monthly) == (s.world.products[1], Money("14.95")!) && s.jobs(monthly) == 1)
            let status = try s.connection.query("SELECT status FROM service_product_changes WHERE id = $1", [outcome.change.id])[0]
            #expect(try status.decode(String.self, "status") == "applied")
            // The renewal from 29 Feb (issued on the 15th) is at the new amount.
            for day in 11...16 { try s.tick("2024-02-\(day)") }
            let renewal = try s.connection.query(
                "SELECT amount FROM invoice_items WHERE service_id = $1 AND kind = 'renewal' AND period_start = '2024-02-29'", [monthly])[0]
            #expect(try renewal.decode(Money.self, "amount") == Money("14.95"))
            #expect(try s.jobs(monthly) == 1)
        }
    }

    @Test("downgrade: credit at once, applied at once; upgrade after a renewal was issued also settles that period")
    func downgrade() throws {
        try TestEnvironment.withScratchDatabase { url in
            let s = try Setting(url: url)
            let quarterly = try s.service("quarterly")
            let code = try Fixtures.code(s.totp)
            let outcome = try s.changes.request(instanceID: quarterly, productID: s.world.products[0], by: s.staff, code: code, at: Self.day)
            #expect(outcome.invoice == nil && outcome.change.status == "applied" && outcome.change.difference == Money("-12.32"))
            let entry = try s.connection.query("SELECT amount, kind FROM credit_entries WHERE id = $1", [try #require(outcome.change.creditEntryID)])[0]
            #expect(try entry.decode(Money.self, "amount") == Money("12.32") && entry.decode(String.self, "kind") == "downgrade")
            #expect(try s.terms(quarterly) == (s.world.products[0], Money("27.99")!) && s.jobs(quarterly) == 1)
            // Staff without a code: refused, nothing changed.
            #expect(throws: DomainError.self) {
                try s.changes.request(instanceID: quarterly, productID: s.world.products[1], by: s.staff, code: nil, at: Self.day)
            }
            // The monthly server's renewal from 29 Feb is issued on the 15th at 9.99; an upgrade on the 20th
            // is 9 of 29 days of the current month plus the whole difference for that invoiced month.
            let monthly = try s.service("monthly")
            for day in 11...20 { try s.tick("2024-02-\(day)") }
            let later = try s.changes.request(instanceID: monthly, productID: s.world.products[1], by: s.owner, code: nil,
                                              at: BillingWorld.moment(CalendarDay("2024-02-20")!))
            // 1.54 + 4.96 = 6.50; what is left of the downgrade's credit (12.32 − the renewal's 9.99) is applied at issue.
            #expect(later.change.difference == Money("6.50") && later.invoice?.items.count == 2)
            let invoice = try #require(later.invoice)
            #expect(try invoice.status == .unpaid && invoice.amountDue == Money("4.17") && later.change.status == "pending" && s.jobs(monthly) == 0)
            try InvoicePayments.apply(invoiceID: invoice.id, amount: Money("4.17")!, method: "card", reference: "u", actor: .commandLine,
                                      at: Self.day, on: s.connection)
            #expect(try s.terms(monthly) == (s.world.products[1], Money("14.95")!) && s.jobs(monthly) == 1)
        }
    }

    @Test("cancelling the upgrade invoice cancels the change; cancelling the server cancels both")
    func cancelledInvoice() throws {
        try TestEnvironment.withScratchDatabase { url in
            let s = try Setting(url: url)
            let monthly = try s.service("monthly"), quarterly = try s.service("quarterly")
            let first = try s.changes.request(instanceID: monthly, productID: s.world.products[1], by: s.owner, code: nil, at: Self.day)
            _ = try InvoiceCancellation(twoFactor: s.changes.twoFactor).cancel(
                invoiceID: try #require(first.invoice?.id), by: s.staff, code: try Fixtures.code(s.totp))
            let status = try s.connection.query("SELECT status FROM service_product_changes WHERE id = $1", [first.change.id])[0]
            #expect(try status.decode(String.self, "status") == "cancelled" && s.terms(monthly).product == s.world.products[0])
            // A new request is possible again; an immediate cancellation of the server cancels it and its invoice.
            let second = try s.changes.request(instanceID: monthly, productID: s.world.products[2], by: s.owner, code: nil, at: Self.day)
            _ = try ServiceCancellation.request(instanceID: monthly, when: .immediate, by: s.owner, at: Self.day)
            let secondInvoiceID = try #require(second.invoice?.id)
            let invoice = try #require(try Invoices.find(id: secondInvoiceID, on: s.connection))
            #expect(invoice.status == .cancelled)
            #expect(try ProductChange.pending(serviceID: monthly, on: s.connection) == nil && s.jobs(monthly) == 0)
            // Refusals: unknown product, same product, other module, no price for the cycle (422 on product_id); cancelled server (409).
            var other = ProductInput()
            other.scalars = ["name": "Demo box", "server_type": "vps", "cpu_cores": "2", "ram_gb": "4", "storage_gb": "50", "price_monthly": "5.00",
                             "setup_fee": "0", "provisioning_type": "automated", "provisioning_module": "demo", "is_active": "true"]
            let demo = try Products.create(try ProductDraft.validate(other), on: s.connection, actor: .commandLine, origin: .commandLine).id
            other.scalars["provisioning_module"] = "manual"
            other.scalars["name"] = "Monthly only"
            let monthlyOnly = try Products.create(try ProductDraft.validate(other), on: s.connection, actor: .commandLine, origin: .commandLine).id
            for product in [999_999, s.world.products[1], demo, monthlyOnly] {
                do {
                    _ = try s.changes.request(instanceID: quarterly, productID: product, by: s.owner, code: nil, at: Self.day)
                    Issue.record("product \(product) was accepted")
                } catch DomainError.validation(let issues) {
                    #expect(issues.map(\.field) == ["product_id"])
                }
            }
            #expect(throws: DomainError.conflict("The server is cancelled; it cannot change product.")) {
                try s.changes.request(instanceID: monthly, productID: s.world.products[1], by: s.owner, code: nil, at: Self.day)
            }
            #expect(try s.connection.query("SELECT count(*) AS n FROM service_product_changes WHERE service_id = $1", [quarterly])[0]
                .decode(Int.self, "n") == 0)
        }
    }

    @Test("two requests at the same moment on two connections: one wins, the other is a conflict")
    func concurrentRequests() throws {
        try TestEnvironment.withScratchDatabase { url in
            let s = try Setting(url: url)
            let monthly = try s.service("monthly")
            let customer = s.owner.user!
            let target = s.world.products[2]
            let outcomes = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                do {
                    let connection = try PostgresConnection(connectionString: url)
                    let caller = Caller(user: customer, origin: Fixtures.origin(), connection: connection)
                    _ = try ServiceProductChange(twoFactor: TwoFactor(box: try Fixtures.box()))
                        .request(instanceID: monthly, productID: target, by: caller, code: nil, at: Self.day)
                    outcomes.withLock { $0.append("ok") }
                } catch let error as DomainError {
                    if case .conflict = error { outcomes.withLock { $0.append("conflict") } } else { outcomes.withLock { $0.append("\(error)") } }
                } catch {
                    outcomes.withLock { $0.append("\(error)") }
                }
            }
            #expect(outcomes.withLock { $0 }.sorted() == ["conflict", "ok"])
            #expect(try s.connection.query("SELECT count(*) AS n FROM invoices WHERE order_id IS NULL")[0].decode(Int.self, "n") == 1)
        }
    }
}
