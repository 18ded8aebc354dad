@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Cancelling a service over simulated time")
struct ServiceCancellationTests {
    @Test("end of period: never invoiced again, its open renewal cancelled, terminated once; revert before the date; immediate at once")
    func cancellationOverTime() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 1)
            let connection = world.connection
            try world.placeOrders(on: CalendarDay("2024-01-31")!)
            try connection.query("UPDATE server_instances SET status = 'active'")
            let customerID = world.customers[0]
            let customer = try #require(try Users.find(id: customerID, on: connection))
            let (staffUser, _) = try Fixtures.enrolledStaff(on: connection)
            let owner = Caller(user: customer, origin: Fixtures.origin(), connection: connection)
            let staff = Caller(user: staffUser, origin: Fixtures.origin(), connection: connection)
            func service(_ cycle: String) throws -> Int {
                try connection.query("SELECT id FROM server_instances WHERE billing_cycle = $1 ORDER BY id LIMIT 1", [cycle])[0].decode(Int.self, "id")
            }
            let monthly = try service("monthly"), quarterly = try service("quarterly"), yearly = try service("yearly")
            func terminateJobs(_ id: Int) throws -> Int {
                try connection.query("SELECT count(*) AS n FROM jobs WHERE instance_id = $1 AND action = 'terminate'", [id])[0].decode(Int.self, "n")
            }
            func billingStatus(_ id: Int) throws -> String {
                try connection.query("SELECT billing_status FROM server_instances WHERE id = $1", [id])[0].decode(String.self, "billing_status")
            }
            func tick(_ day: String) throws {
                let report = try BillingRun.tick(at: BillingWorld.moment(CalendarDay(day)!), on: connection)
                #expect(report.failures.isEmpty, "\(report.failures)")
            }
            var day = CalendarDay("2024-02-01")!
            func run(until last: String) throws {
                while day <= CalendarDay(last)! {
                    try tick(day.description)
                    day = day.adding(days: 1)
                }
            }
            // The monthly server's renewal (period from 29 Feb) is issued with 14 days' lead, then the owner cancels at period end.
            try run(until: "2024-02-20")
            let renewal = try connection.query(
                "SELECT invoice_id FROM billing_periods WHERE service_id = $1 AND period_start = '2024-02-29'", [monthly])[0].decode(Int.self, "invoice_id")
            let asked = try ServiceCancellation.request(instanceID: monthly, when: .endOfPeriod, by: owner, at: BillingWorld.moment(day))
            #expect(asked.effectiveDate == CalendarDay("2024-02-29") && asked.billingStatus == "current" && asked.job == nil)
            #expect(throws: DomainError.self) { try ServiceCancellation.request(instanceID: monthly, when: .immediate, by: owner) }
            // The quarterly server: asked, then reverted by staff before its date (a customer cannot revert).
            _ = try ServiceCancellation.request(instanceID: quarterly, when: .endOfPeriod, by: owner, at: BillingWorld.moment(day))
            #expect(throws: DomainError.self) { try ServiceCancellation.revert(instanceID: quarterly, by: owner) }
            let reverted = try ServiceCancellation.revert(instanceID: quarterly, by: staff)
            #expect(reverted.when == nil && reverted.effectiveDate == nil)
            try run(until: "2024-02-28")
            #expect(try terminateJobs(monthly) == 0 && billingStatus(monthly) != "cancelled")
            try run(until: "2024-02-29")
            try tick("2024-02-29")  // a repeated run on the same day changes nothing
            #expect(try terminateJobs(monthly) == 1 && billingStatus(monthly) == "cancelled")
            let renewalStatus = try connection.query("SELECT status FROM invoices WHERE id = $1", [renewal])[0].decode(String.self, "status")
            #expect(renewalStatus == "cancelled")
            #expect(throws: DomainError.self) { try ServiceCancellation.revert(instanceID: monthly, by: staff) }
            // Immediate: the yearly server is cancelled and its terminate job queued at once.
            let now = try ServiceCancellation.request(instanceID: yearly, when: .immediate, by: staff, at: BillingWorld.moment(day))
            #expect(now.billingStatus == "cancelled" && now.job?.action == .terminate)
            try run(until: "2025-03-31")
            #expect(try terminateJobs(monthly) == 1 && terminateJobs(yearly) == 1 && terminateJobs(quarterly) == 0)
            for id in [monthly, yearly] {
                let later = try connection.query(
                    "SELECT count(*) AS n FROM billing_periods WHERE service_id = $1 AND period_start >= '2024-02-29'", [id])[0].decode(Int.self, "n")
                #expect(later == 0, "service \(id) was invoiced after its cancellation")
            }
            // The reverted quarterly server goes on being invoiced: every quarter from 30 Apr 2024 on.
            let quarters = try connection.query(
                "SELECT count(*) AS n FROM billing_periods WHERE service_id = $1 AND period_start >= '2024-04-30'", [quarterly])[0].decode(Int.self, "n")
            #expect(quarters == 4)
            #expect(try billingStatus(quarterly) != "cancelled")
        }
    }
}
