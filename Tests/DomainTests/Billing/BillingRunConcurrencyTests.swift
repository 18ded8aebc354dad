@testable import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("Billing runs together and apart", .serialized)
struct BillingRunConcurrencyTests {
    /// A world where every customer bought on 2024-01-31 and paid.
    private func boughtWorld(url: String, customers: Int) throws -> BillingWorld {
        let world = try BillingWorld.make(url: url, customerCount: customers)
        try world.placeOrders(on: CalendarDay("2024-01-31")!)
        return world
    }

    @Test("two runs started at the same moment on two connections issue each invoice once")
    func concurrentRuns() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try boughtWorld(url: url, customers: 30)
            let moment = BillingWorld.moment(CalendarDay("2024-06-01")!)
            let reports = Mutex<[BillingRunReport]>([])
            let errors = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                do {
                    let connection = try PostgresConnection(connectionString: url)
                    let report = try BillingRun.tick(at: moment, on: connection)
                    reports.withLock { $0.append(report) }
                } catch {
                    errors.withLock { $0.append("\(error)") }
                }
            }
            #expect(errors.withLock { $0 }.isEmpty)
            let both = reports.withLock { $0 }
            #expect(both.count == 2 && both.allSatisfy { $0.failures.isEmpty })
            let issued = try world.connection.query("SELECT count(*) AS n FROM invoices WHERE billing_run_id IS NOT NULL")[0].decode(Int.self, "n")
            let customers = try world.connection.query(
                "SELECT count(DISTINCT customer_id) AS n FROM server_instances")[0].decode(Int.self, "n")
            #expect(issued == customers, "one renewal invoice per customer")
            #expect(both.map(\.invoicesIssued).reduce(0, +) == issued)
            let twice = try world.connection.query(
                "SELECT count(*) AS n FROM (SELECT service_id, period_start FROM invoice_items WHERE service_id IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1) d")
            #expect(try twice[0].decode(Int.self, "n") == 0)
            let again = try BillingRun.tick(at: moment, on: world.connection)
            #expect(again.invoicesIssued == 0 && again.periodsInvoiced == 0)
            // A terminated server (here one still paid up) is neither billed nor marked overdue later.
            let ended = try world.connection.query(
                """
                UPDATE server_instances SET status = 'terminated', next_due_date = invoiced_until, billing_status = 'current'
                WHERE id = (SELECT min(id) FROM server_instances) RETURNING id, invoiced_until
                """)[0]
            _ = try BillingRun.tick(at: BillingWorld.moment(CalendarDay("2025-06-01")!), on: world.connection)
            let ending = try world.connection.query(
                "SELECT billing_status, invoiced_until FROM server_instances WHERE id = $1", [try ended.decode(Int.self, "id")])[0]
            #expect(try ending.decode(String.self, "billing_status") == "current")
            let before = try ended.decode(CalendarDay.self, "invoiced_until"), after = try ending.decode(CalendarDay.self, "invoiced_until")
            #expect(after == before)
        }
    }

    @Test("one failing customer is rolled back alone, recorded, and billed by the next run")
    func failingCustomerIsolated() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try boughtWorld(url: url, customers: 6)
            let victim = try world.connection.query(
                "SELECT DISTINCT customer_id FROM server_instances ORDER BY customer_id LIMIT 1 OFFSET 1")[0].decode(Int.self, "customer_id")
            // Fault injection in this scratch database only: that customer's renewal items fail.
            let services = try world.connection.query("SELECT id FROM server_instances WHERE customer_id = $1", [victim])
                .map { String(try $0.decode(Int.self, "id")) }.joined(separator: ",")
            #expect(!services.isEmpty)
            // Fault injection in this scratch database only: that customer's renewal items are refused.
            try world.connection.query("ALTER TABLE invoice_items ADD CONSTRAINT injected CHECK (service_id NOT IN (\(unescaped: services)))")
            let moment = BillingWorld.moment(CalendarDay("2024-03-01")!)
            let report = try BillingRun.tick(at: moment, on: world.connection)
            #expect(report.failures.count == 1 && report.failures[0].contains("customer \(victim)"))
            let buyers = try world.connection.query("SELECT count(DISTINCT customer_id) AS n FROM server_instances")[0].decode(Int.self, "n")
            #expect(report.invoicesIssued == buyers - 1)
            let recorded = try world.connection.query("SELECT failures, finished_at IS NOT NULL AS done FROM billing_runs WHERE id = $1", [report.runID])[0]
            #expect(try recorded.decode(Int.self, "failures") == 1 && recorded.decode(Bool.self, "done"))
            let leftovers = try world.connection.query("SELECT count(*) AS n FROM invoices WHERE customer_id = $1 AND order_id IS NULL", [victim])
            #expect(try leftovers[0].decode(Int.self, "n") == 0, "no half-issued invoice")
            try world.connection.query("ALTER TABLE invoice_items DROP CONSTRAINT injected")
            let retry = try BillingRun.tick(at: moment, on: world.connection)
            #expect(retry.invoicesIssued == 1 && retry.failures.isEmpty)
            let numbers = try world.connection.query("SELECT count(*) AS n, max(number_seq) AS top FROM invoices WHERE number_year = 2024")[0]
            #expect(try numbers.decode(Int.self, "n") == numbers.decode(Int.self, "top"), "the failed issue left no gap")
        }
    }
}
