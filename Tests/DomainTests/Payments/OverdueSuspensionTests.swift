@testable import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

/// A payment lifts a suspension for non-payment (once, whoever pays it), never a staff
/// suspension, and not while another invoice of the service is still overdue.
@Suite("Payments: paying an overdue invoice unsuspends the service")
struct OverdueSuspensionTests {
    /// One customer, one monthly server ordered on 31 Jan 2024 and paid, renewals issued by the billing run.
    struct Service {
        let url: String
        let world: BillingWorld
        let serverID: Int
        let customer: User
        var connection: PostgresConnection { world.connection }

        init(url: String, until last: String) throws {
            self.url = url
            world = try BillingWorld.make(url: url, customerCount: 1)
            let start = CalendarDay("2024-01-31")!
            let order = try OrderPlacement.place(customerID: world.customers[0], lines: [OrderLine(productID: world.products[0], billingCycle: .monthly)],
                                                 on: world.connection, actor: .commandLine, origin: .commandLine, at: BillingWorld.moment(start))
            let invoiceID = try #require(order.invoiceID)
            let invoice = try #require(try Invoices.find(id: invoiceID, on: world.connection))
            try InvoicePayments.apply(invoiceID: invoice.id, amount: invoice.amountDue, method: "card", reference: "order", actor: .commandLine,
                                      at: BillingWorld.moment(start), on: world.connection)
            serverID = try world.connection.query("SELECT id FROM server_instances WHERE order_id = $1", [order.id])[0].decode(Int.self, "id")
            try world.connection.query("UPDATE server_instances SET status = 'active' WHERE id = $1", [serverID])
            try world.connection.query("UPDATE jobs SET status = 'succeeded' WHERE instance_id = $1", [serverID])  // its build is done
            customer = try #require(try Users.find(id: world.customers[0], on: world.connection))
            var day = start.adding(days: 1)
            while day <= CalendarDay(last)! {
                let report = try BillingRun.tick(at: BillingWorld.moment(day), on: world.connection)
                #expect(report.failures.isEmpty, "\(report.failures)")
                day = day.adding(days: 1)
            }
        }

        /// The service's unpaid invoices, oldest first.
        func unpaid() throws -> [Invoice] {
            try connection.query(
                "SELECT DISTINCT i.id FROM invoices i JOIN invoice_items it ON it.invoice_id = i.id WHERE it.service_id = $1 AND i.status = 'unpaid' ORDER BY i.id",
                [serverID]).compactMap { try Invoices.find(id: try $0.decode(Int.self, "id"), on: connection) }
        }

        /// Runs the queued server jobs as a module that always succeeds would.
        func runJobs() throws {
            while let job = try Jobs.take(runnerKey: 9, on: connection) {
                try connection.transaction { connection in
                    try ServerLifecycle.completed(job, on: connection, origin: .commandLine)
                    _ = try Jobs.succeed(job, runnerKey: 9, log: JobLog(), on: connection)
                }
            }
        }

        func server() throws -> ServerInstance { try #require(try Instances.find(id: serverID, on: connection)) }

        func jobs(_ action: String) throws -> Int {
            try connection.query("SELECT count(*) AS n FROM jobs WHERE instance_id = $1 AND action = $2", [serverID, action])[0].decode(Int.self, "n")
        }

        func suspendForOverdue(_ invoice: Invoice) throws {
            #expect(try OverdueSuspension.suspend(instanceID: serverID, invoiceID: invoice.id, origin: .commandLine, on: connection) != nil)
            #expect(try OverdueSuspension.suspend(instanceID: serverID, invoiceID: invoice.id, origin: .commandLine, on: connection) == nil,
                    "a second call while the first is pending queues nothing")
            try runJobs()
            let suspended = try server()
            #expect(suspended.status == .suspended && suspended.suspendedFor == "overdue" && suspended.suspendedInvoiceNumber == invoice.number)
        }

        func staffPays(_ invoice: Invoice, on day: String) throws {
            let (staff, totp) = try Fixtures.enrolledStaff(on: connection)
            _ = try InvoicePayments(twoFactor: TwoFactor(box: try Fixtures.box())).record(
                invoiceID: invoice.id, amount: invoice.amountDue, method: "bank transfer", reference: "r", by: Caller(user: staff, origin: .commandLine, connection: connection),
                code: try Fixtures.code(totp), at: BillingWorld.moment(CalendarDay(day)!))
        }
    }

    @Test("paid through the demo gateway: checkout accepted, the webhook 3 times and 3 queue runners at once → one unsuspend, active after it")
    func webhookLiftsOnce() throws {
        try TestEnvironment.withScratchDatabase { url in
            let service = try Service(url: url, until: "2024-03-05")
            let invoice = try #require(try service.unpaid().first)
            try service.suspendForOverdue(invoice)
            let gateways = PaymentGateways(box: try Fixtures.box())
            try PaymentSettingsChange(gateways: gateways, twoFactor: TwoFactor(box: try Fixtures.box())).enableDemo(on: service.connection)
            let secret = try #require(try gateways.webhookSecret(of: "demo", on: service.connection))
            // FOSSBilling #4241: the renewal of an auto-suspended service can be paid.
            let session = try CheckoutSessions.start(invoiceID: invoice.id, gateway: "demo",
                                                     by: Caller(user: service.customer, origin: .commandLine, connection: service.connection)).session
            let body = DemoGateway.completedEvent(eventID: "evt_overdue", session: session)
            for _ in 0..<3 {
                _ = try WebhookIntake(gateways: gateways).receive(
                    gateway: "demo", body: body, headers: ["stripe-signature": try WebhookSignature.header(body: body, secret: secret, at: Date())],
                    origin: RequestOrigin(address: "192.0.2.1"), on: service.connection)
            }
            let failures = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                do {
                    let connection = try PostgresConnection(connectionString: url)
                    while try PaymentEventQueue.runNext(runnerKey: 7, at: BillingWorld.moment(CalendarDay("2024-03-05")!), on: connection) {}
                } catch {
                    failures.add(1, ordering: .relaxed)
                }
            }
            #expect(failures.load(ordering: .relaxed) == 0)
            #expect(try Invoices.find(id: invoice.id, on: service.connection)?.status == .paid)
            #expect(try service.jobs("unsuspend") == 1)
            try service.runJobs()
            let after = try service.server()
            #expect(after.status == .active && after.suspendedFor.isEmpty && after.suspendedInvoiceNumber == nil)
        }
    }

    @Test("two overdue invoices: paying one by staff lifts nothing; paying the other lifts it")
    func liftedOnlyWhenNothingOverdue() throws {
        try TestEnvironment.withScratchDatabase { url in
            let service = try Service(url: url, until: "2024-04-05")
            let overdue = try service.unpaid()
            #expect(overdue.count == 2)
            try service.suspendForOverdue(overdue[0])
            try service.staffPays(overdue[0], on: "2024-04-05")
            #expect(try service.jobs("unsuspend") == 0 && service.server().suspendedFor == "overdue")
            try service.staffPays(overdue[1], on: "2024-04-05")
            #expect(try service.jobs("unsuspend") == 1)
            try service.runJobs()
            #expect(try service.server().status == .active)
        }
    }

    @Test("a staff suspension is never lifted by a payment")
    func staffSuspensionStays() throws {
        try TestEnvironment.withScratchDatabase { url in
            let service = try Service(url: url, until: "2024-03-05")
            let (staff, _) = try Fixtures.enrolledStaff(on: service.connection)
            _ = try ServerActions.request(.suspend, instanceID: service.serverID, by: Caller(user: staff, origin: .commandLine, connection: service.connection))
            try service.runJobs()
            #expect(try service.server().suspendedFor == "staff")
            #expect(try OverdueSuspension.suspend(instanceID: service.serverID, invoiceID: try service.unpaid()[0].id, origin: .commandLine,
                                                  on: service.connection) == nil)
            try service.staffPays(try service.unpaid()[0], on: "2024-03-05")
            #expect(try service.jobs("unsuspend") == 0)
            let after = try service.server()
            #expect(after.status == .suspended && after.suspendedFor == "staff")
        }
    }

    @Test("paid before the suspend job ran: the job is withdrawn, no unsuspend needed")
    func pendingSuspendWithdrawn() throws {
        try TestEnvironment.withScratchDatabase { url in
            let service = try Service(url: url, until: "2024-03-05")
            let invoice = try service.unpaid()[0]
            _ = try OverdueSuspension.suspend(instanceID: service.serverID, invoiceID: invoice.id, origin: .commandLine, on: service.connection)
            try service.staffPays(invoice, on: "2024-03-05")
            try service.runJobs()
            #expect(try service.jobs("unsuspend") == 0)
            let after = try service.server()
            #expect(after.status == .active && after.suspendedFor.isEmpty)
        }
    }
}
