@testable import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

/// Six months of the billing tick's clock with dunning on: customers who pay on time, late (day 10),
/// partly then late (day 30: suspended, then lifted by paying) and never (suspended, warned, then
/// terminated), one of them exempt and one with grace days. After every day the invariants hold.
@Suite("Dunning simulation", .serialized)
struct DunningSimulationTests {
    static let settings: [String: String] = [
        "enabled": "true", "reminder_days": "7, 3", "overdue_notice_days": "1, 7, 14", "suspend_after_days": "14", "suspension_warning_days": "3",
        "terminate_after_days": "30", "termination_warning_days": "7",
    ]

    @Test("every notice once (reminders, overdue notices, warnings, suspended, unsuspended, terminated, the invoice.overdue webhook), suspensions only when overdue unpaid, lifted by paying, terminations only after the warning; reruns and concurrent runs send nothing twice")
    func sixMonths() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 8)
            let c = world.connection
            try DunningSettingsChange.applying(Self.settings, to: DunningSettings()).save(on: c)
            let exempt = world.customers[7], graced = world.customers[6]  // both: index 7 never pays, 6 pays late (day 30)
            try c.query("INSERT INTO dunning_customers (customer_id, exempt) VALUES (\(exempt), true)")
            try c.query("INSERT INTO dunning_customers (customer_id, grace_days) VALUES (\(graced), 20)")
            let invariants = DunningInvariants(connection: c, exempt: exempt)
            let hook = try c.query(
                """
                INSERT INTO webhook_subscriptions (url, events, secret_sealed) VALUES ('https://hooks.example.test/in', ARRAY['invoice.overdue'], decode('00', 'hex'))
                RETURNING id
                """)[0].decode(Int.self, "id")
            func outboxSize() throws -> Int { try c.query("SELECT count(*) AS n FROM outbox_messages")[0].decode(Int.self, "n") }
            var today = CalendarDay(year: 2024, month: 1, day: 1)
            var totals = DunningRunReport(runID: 0, day: today)
            for day in 0..<183 {
                try world.placeOrders(on: today)
                try DunningWorld.activateNew(on: c)
                let moment = BillingWorld.moment(today)
                if day % 17 == 5 {
                    let reports = try DunningWorld.concurrentTicks(url: url, at: moment, count: 3)
                    for report in reports { totals.add(report.dunning) }
                    #expect(reports.allSatisfy { $0.failures.isEmpty }, "\(today): \(reports.map(\.failures))")
                } else {
                    let report = try BillingRun.tick(at: moment, on: c)
                    #expect(report.failures.isEmpty, "\(today): \(report.failures)")
                    totals.add(report.dunning)
                }
                let before = try outboxSize()
                let again = try #require(try BillingRun.tick(at: moment, on: c).dunning)
                #expect(try outboxSize() == before, "\(today): a rerun queued messages")
                #expect(again.reminders + again.notices + again.warnings + again.suspensions + again.terminations == 0, "\(today): a rerun did \(again)")
                try DunningWorld.runJobs(on: c)
                try world.pay(on: today)
                try DunningWorld.runJobs(on: c)
                let problems = try invariants.violations(today: today)
                #expect(problems.isEmpty, "\(today): \(problems.prefix(5))")
                if !problems.isEmpty { break }
                today = today.adding(days: 1)
            }
            let sent = try c.query(
                """
                SELECT count(*) FILTER (WHERE event_key LIKE 'invoice.reminder:%') AS reminders, count(*) FILTER (WHERE event_key LIKE 'invoice.overdue:%') AS notices,
                       count(*) FILTER (WHERE event_key LIKE 'service.%warning:%') AS warnings FROM outbox_messages
                """)[0]
            #expect(try sent.decode(Int.self, "reminders") == totals.reminders && totals.reminders > 20, "reported reminders are the ones sent")
            #expect(try sent.decode(Int.self, "notices") == totals.notices && totals.notices > 10)
            #expect(try sent.decode(Int.self, "warnings") == totals.warnings && totals.warnings > 0)
            let suspendJobs = try c.query("SELECT count(*) AS n FROM jobs WHERE action = 'suspend'")[0].decode(Int.self, "n")
            #expect(suspendJobs == totals.suspensions && totals.suspensions > 0)
            let lifted = try c.query("SELECT count(*) AS n FROM jobs WHERE action = 'unsuspend' AND status = 'succeeded'")[0].decode(Int.self, "n")
            #expect(lifted > 0, "the late payer's suspension was lifted by paying")
            let terminated = try c.query("SELECT count(*) AS n FROM server_instances WHERE status = 'terminated'")[0].decode(Int.self, "n")
            #expect(terminated == totals.terminations && terminated > 0, "the never-payer's servers were terminated")
            try LifecycleNoticeChecks(connection: c, hook: hook).verify()
            let runs = try c.query("SELECT count(*) AS n FROM dunning_runs WHERE finished_at IS NOT NULL")[0].decode(Int.self, "n")
            #expect(runs >= 183 * 2)
        }
    }
}

extension DunningRunReport {
    mutating func add(_ other: DunningRunReport?) {
        guard let other else { return }
        reminders += other.reminders
        notices += other.notices
        warnings += other.warnings
        suspensions += other.suspensions
        terminations += other.terminations
    }
}
