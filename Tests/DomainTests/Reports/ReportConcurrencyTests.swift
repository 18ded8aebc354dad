@testable import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

/// Two billing runs at once, payments while rollups run, the daily summary queued by every run:
/// nothing is counted twice or lost.
@Suite("Report figures under concurrency", .serialized)
struct ReportConcurrencyTests {
    @Test("concurrent billing runs, payments and rollups count every fact once; the daily summary is queued once per day")
    func concurrent() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 18)
            try world.placeOrders(on: CalendarDay("2024-01-31")!)
            try world.connection.query("UPDATE notification_settings SET from_address = 'ops@example.test'")
            let errors = Mutex<[String]>([])
            let day = CalendarDay("2024-03-01")!
            DispatchQueue.concurrentPerform(iterations: 4) { worker in
                do {
                    let connection = try PostgresConnection(connectionString: url)
                    switch worker {
                    case 0, 1:
                        let report = try BillingRun.tick(at: BillingWorld.moment(day), on: connection)
                        if !report.failures.isEmpty { errors.withLock { $0.append("\(report.failures)") } }
                    case 2:
                        for _ in 0..<30 { try ReportFacts.rollUp(batch: 7, on: connection) }
                    default:
                        for row in try connection.query("SELECT id, amount_due FROM invoices WHERE status = 'unpaid' ORDER BY id") {
                            try InvoicePayments.apply(invoiceID: try row.decode(Int.self, "id"), amount: try row.decode(Money.self, "amount_due"),
                                                      method: "transfer", reference: "race", actor: .commandLine, at: BillingWorld.moment(day),
                                                      on: connection)
                        }
                    }
                } catch {
                    errors.withLock { $0.append("\(error)") }
                }
            }
            #expect(errors.withLock { $0 }.isEmpty, "\(errors.withLock { $0 })")
            for _ in 0..<3 { _ = try BillingRun.tick(at: BillingWorld.moment(day), on: world.connection) }
            let c = world.connection
            try ReportFacts.rollUpAll(on: c)
            let query = ReportQuery(from: CalendarDay("2024-01-01")!, to: CalendarDay("2024-12-31")!, group: .month)
            let revenue = try Reports.report(.revenue, query, on: c)
            func total(_ key: String) -> Money {
                let index = revenue.tables[0].column(key)!
                return revenue.tables[0].rows.reduce(Money.zero) { if case .money(let m) = $1[index] { return $0 + m } else { return $0 } }
            }
            let raw = try c.query(
                """
                SELECT (SELECT sum(subtotal) FROM invoices WHERE status IN ('unpaid', 'paid', 'refunded')) AS invoiced,
                       (SELECT sum(amount) FROM payments WHERE method <> 'credit')
                       + (SELECT coalesce(sum(amount), 0) FROM credit_entries WHERE kind = 'overpayment') AS collected,
                       (SELECT coalesce(sum(amount_due), 0) FROM invoices WHERE status = 'unpaid') AS due
                """)[0]
            #expect(total("invoiced") == (try raw.decode(Money.self, "invoiced")))
            #expect(total("collected") == (try raw.decode(Money.self, "collected")))
            #expect(total("outstanding") == (try raw.decode(Money.self, "due")))
            let servers = try c.query("SELECT count(*)::bigint AS n FROM server_instances")[0].decode(Int.self, "n")
            #expect(try Instances.countsByStatus(on: c).values.reduce(0, +) == servers)
            let orders = try c.query("SELECT status, count(*)::bigint AS n FROM orders GROUP BY status")
            let ordersByStatus = Dictionary(uniqueKeysWithValues: try orders.map { (OrderStatus(rawValue: try $0.decode(String.self, "status"))!, try $0.decode(Int.self, "n")) })
            let stats = try Orders.stats(today: day, currency: "EUR", on: c)
            #expect(stats.countsByStatus.filter { $0.value != 0 } == ordersByStatus)
            // A rebuild gives the same figures.
            _ = try ReportFacts.rebuild(on: c)
            let rebuilt = try Reports.report(.revenue, query, on: c)
            #expect(rebuilt.tables[0].rows == revenue.tables[0].rows)
            #expect(try Orders.stats(today: day, currency: "EUR", on: c).countsByStatus.filter { $0.value != 0 } == ordersByStatus)
            let summaries = try c.query("SELECT event_key FROM outbox_messages WHERE event_key LIKE 'daily_summary:%'").map { try $0.decode(String.self, "event_key") }
            #expect(summaries == ["daily_summary:2024-02-29"], "one summary for the day before the runs' day: \(summaries)")
        }
    }
}
