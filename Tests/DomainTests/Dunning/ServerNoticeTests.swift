@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

/// The customer's messages about their server outside dunning (a staff suspension and its lift,
/// reboot done), the `invoice.overdue` webhook event with dunning off, and staff's wording of a
/// dunning notice.
@Suite("Server lifecycle notices")
struct ServerNoticeTests {
    typealias Service = OverdueSuspensionTests.Service

    static func messages(_ prefix: String, on connection: PostgresConnection) throws -> [(key: String, subject: String, text: String)] {
        try connection.query("SELECT event_key, subject, body_text FROM outbox_messages WHERE event_key LIKE \(prefix + "%") ORDER BY id").map {
            (try $0.decode(String.self, "event_key"), try $0.decode(String.self, "subject"), try $0.decode(String.self, "body_text"))
        }
    }

    @Test("a staff suspension sends 'suspended' once, with the reason the customer's server page shows; lifting it sends 'unsuspended' once")
    func staffSuspension() throws {
        try TestEnvironment.withScratchDatabase { url in
            let service = try Service(url: url, until: "2024-02-05")
            let c = service.connection
            let staff = Caller(user: try Fixtures.enrolledStaff(on: c).user, origin: .commandLine, connection: c)
            try c.query("UPDATE server_instances SET suspension_reason = 'abuse report 17' WHERE id = \(service.serverID)")
            _ = try ServerActions.request(.suspend, instanceID: service.serverID, by: staff)
            try service.runJobs()
            try service.runJobs()
            let suspended = try Self.messages("service.suspended:\(service.serverID):", on: c)
            #expect(suspended.count == 1)
            #expect(suspended.first?.text.contains("suspended: by our staff (abuse report 17).") == true, "\(suspended)")
            #expect(try Self.messages("service.unsuspended:", on: c).isEmpty)
            _ = try ServerActions.request(.unsuspend, instanceID: service.serverID, by: staff)
            try service.runJobs()
            #expect(try Self.messages("service.unsuspended:\(service.serverID):", on: c).count == 1)
            #expect(try Self.messages("service.suspended:", on: c).count == 1)
        }
    }

    @Test("reboot done: nothing until the customer opts in, then one message per reboot job, even if the job's result is applied twice")
    func rebootDone() throws {
        try TestEnvironment.withScratchDatabase { url in
            let service = try Service(url: url, until: "2024-02-05")
            let c = service.connection
            let customer = Caller(user: service.customer, origin: .commandLine, connection: c)
            _ = try ServerActions.request(.reboot, instanceID: service.serverID, by: customer)
            try service.runJobs()
            #expect(try Self.messages("server.rebooted:", on: c).isEmpty, "off by default")
            _ = try NotificationPreferences.update(["server.rebooted": "true"], for: customer)
            let job = try ServerActions.request(.reboot, instanceID: service.serverID, by: customer)
            try service.runJobs()
            try c.transaction { try ServerLifecycle.completed(job, on: $0, origin: .commandLine) }
            let sent = try Self.messages("server.rebooted:", on: c)
            #expect(sent.map(\.key) == ["server.rebooted:\(job.id)"])
            #expect(sent.first?.subject.hasSuffix("has rebooted") == true)
        }
    }

    @Test("invoice.overdue reaches a webhook subscription once, on the first day past due, with dunning off")
    func overdueWebhook() throws {
        try TestEnvironment.withScratchDatabase { url in
            let service = try Service(url: url, until: "2024-02-20")
            let c = service.connection
            let invoice = try #require(try service.unpaid().first)
            let due = try #require(invoice.dueDate)
            let subscription = try c.query(
                """
                INSERT INTO webhook_subscriptions (url, events, secret_sealed) VALUES ('https://hooks.example.test/in', ARRAY['invoice.overdue'], decode('00', 'hex'))
                RETURNING id
                """)[0].decode(Int.self, "id")
            var day = CalendarDay("2024-02-21")!
            while day <= due.adding(days: 10) {
                _ = try BillingRun.tick(at: BillingWorld.moment(day), on: c)
                _ = try BillingRun.tick(at: BillingWorld.moment(day), on: c)
                let sent = try Self.messages("webhook:\(subscription):invoice.overdue:", on: c)
                #expect(sent.count == (day > due ? 1 : 0), "\(day), due \(due)")
                day = day.adding(days: 1)
            }
            #expect(try Self.messages("webhook:\(subscription):invoice.overdue:\(invoice.id)", on: c).count == 1)
            #expect(try Self.messages("invoice.overdue:", on: c).isEmpty, "dunning is off: no overdue emails")
        }
    }

    @Test("staff's wording of the overdue notice is what the dunning run sends")
    func editedDunningTemplate() throws {
        try TestEnvironment.withScratchDatabase { url in
            let service = try Service(url: url, until: "2024-02-20")
            let c = service.connection
            let admin = Caller(user: try #require(try Users.find(id: service.world.staffID, on: c)), origin: .commandLine, connection: c)
            _ = try NotificationTemplates.save(event: "invoice.overdue", channel: "email",
                                               ["subject": "Late: {{invoice_number}}", "text": "Dear {{name}}, {{amount_due}} {{currency}} is {{days}} days late."], by: admin)
            try DunningSettingsChange.applying(DunningSimulationTests.settings, to: DunningSettings()).save(on: c)
            let invoice = try #require(try service.unpaid().first)
            let due = try #require(invoice.dueDate)
            _ = try BillingRun.tick(at: BillingWorld.moment(due.adding(days: 1)), on: c)
            let sent = try Self.messages("invoice.overdue:\(invoice.id):", on: c)
            #expect(sent.count == 1)
            #expect(sent.first?.subject == "Late: \(invoice.number ?? "")")
            #expect(sent.first?.text.contains("\(invoice.amountDue) \(invoice.currency) is 1 days late.") == true, "\(sent)")
        }
    }
}
