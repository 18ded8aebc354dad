@testable import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("Billing simulation", .serialized)
struct BillingSimulationTests {
    /// Runs 24 months from 2024-01-01 day by day (the tick every `tickEvery` days); returns the
    /// billed periods (service, start, end) on standing invoices in order, the money billed per service,
    /// and each cancelled service's cancellation. Each day: orders, cancellations and reverts, the tick,
    /// product changes, payments, then the invariants.
    private func simulate(tickEvery: Int, customers: Int = 24) throws -> [String] {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: customers)
            let invariants = BillingInvariants(connection: world.connection)
            var today = CalendarDay(year: 2024, month: 1, day: 1)
            var changes: [Int: [BillingWorld.Change]] = [:]
            var cancellations: [Int: BillingWorld.Cancellation] = [:]
            for day in 0..<731 {
                try world.placeOrders(on: today)
                let reverted = Set(cancellations.filter { $0.value.revertedOn != nil }.keys)
                for made in try world.cancel(on: today, day: day, reverted: reverted) {
                    if made.cancellation.revertedOn != nil {
                        cancellations[made.service]?.revertedOn = today
                    } else {
                        cancellations[made.service] = made.cancellation
                    }
                }
                let ticks = day % tickEvery == 0
                if ticks {
                    let report = try BillingRun.tick(at: BillingWorld.moment(today), on: world.connection)
                    #expect(report.failures.isEmpty, "\(today): \(report.failures)")
                }
                for made in try world.changeProducts(on: today, day: day) { changes[made.service, default: []].append(made.change) }
                try world.pay(on: today)
                let problems = try invariants.violations(today: today, tickedToday: ticks, changes: changes, cancellations: cancellations)
                #expect(problems.isEmpty, "\(today): \(problems.prefix(5))")
                if !problems.isEmpty { break }
                today = today.adding(days: 1)
            }
            let services = try world.connection.query("SELECT count(*) AS n FROM server_instances")[0].decode(Int.self, "n")
            #expect(services >= 200, "the simulation needs a few hundred services, made \(services)")
            let overdue = try world.connection.query("SELECT count(*) AS n FROM server_instances WHERE billing_status = 'overdue'")[0]
            #expect(try overdue.decode(Int.self, "n") > 0, "customers who never pay end up overdue")
            #expect(changes.values.flatMap { $0 }.count >= 20, "the simulation needs upgrades and downgrades")
            let applied = try world.connection.query("SELECT count(*) AS n FROM jobs WHERE action = 'change_package'")[0].decode(Int.self, "n")
            #expect(applied == changes.values.flatMap { $0 }.count, "every change applied once, with one job")
            try expectCancellations(cancellations, in: world)
            // The renewal periods on standing invoices, and per service the money billed for them: renewals and
            // upgrade lines less downgrade credit (a renewal issued before a change is at the old amount and the
            // change settles the difference; one issued after it is at the new amount — the same money).
            // Invoices a cancellation cancelled are left out: which periods shared an invoice depends on the
            // ticks, what stands does not. Then each cancelled service's cancellation.
            return try world.connection.query(
                """
                SELECT ii.service_id || ' ' || ii.period_start || ' ' || ii.period_end AS line FROM invoice_items ii JOIN invoices i ON i.id = ii.invoice_id
                WHERE ii.service_id IS NOT NULL AND ii.kind = 'renewal' AND i.status <> 'cancelled' ORDER BY ii.service_id, ii.period_start
                """).map { try $0.decode(String.self, "line") } + world.connection.query(
                """
                SELECT s.id || ' net ' || ((SELECT coalesce(sum(ii.amount), 0) FROM invoice_items ii JOIN invoices i ON i.id = ii.invoice_id
                                            WHERE ii.service_id = s.id AND i.status <> 'cancelled')
                    + (SELECT coalesce(sum(-e.amount), 0) FROM service_product_changes c JOIN credit_entries e ON e.id = c.credit_entry_id
                       WHERE c.service_id = s.id)) AS line
                FROM server_instances s ORDER BY s.id
                """).map { try $0.decode(String.self, "line") } + world.connection.query(
                """
                SELECT s.id || ' ' || s.billing_status || ' ' || s.cancellation_when || ' from ' || s.cancellation_date || ' jobs '
                       || (SELECT count(*) FROM jobs j WHERE j.instance_id = s.id AND j.action = 'terminate') AS line
                FROM server_instances s WHERE s.cancellation_when IS NOT NULL ORDER BY s.id
                """).map { try $0.decode(String.self, "line") }
        }
    }

    @Test("24 months day by day, and with the tick skipped ten days at a time, bill the same periods (and the same money, with product changes and cancellations)")
    func twoYears() throws {
        let daily = try simulate(tickEvery: 1)
        #expect(daily.count > 1500)
        let skipping = try simulate(tickEvery: 10)
        #expect(daily == skipping)
    }
}
