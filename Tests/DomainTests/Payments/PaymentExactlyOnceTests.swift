@testable import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

/// Gateway notifications change money exactly once, whatever the gateway does: duplicates,
/// concurrent deliveries, replays after the payment was applied; odd amounts are flagged.
@Suite("Payments: every gateway notification applied exactly once")
struct PaymentExactlyOnceTests {
    /// A world with one customer's order, its invoice, the demo gateway enabled and its secret.
    struct Shop {
        let url: String
        let world: BillingWorld
        let gateways: PaymentGateways
        let secret: String
        let invoice: Invoice
        let session: CheckoutSessionRecord
        var connection: PostgresConnection { world.connection }

        init(url: String) throws {
            self.url = url
            world = try BillingWorld.make(url: url, customerCount: 1)
            gateways = PaymentGateways(box: try Fixtures.box())
            try PaymentSettingsChange(gateways: gateways, twoFactor: TwoFactor(box: try Fixtures.box())).enableDemo(on: world.connection)
            secret = try #require(try gateways.webhookSecret(of: "demo", on: world.connection))
            let order = try OrderPlacement.place(customerID: world.customers[0], lines: [OrderLine(productID: world.products[0], billingCycle: .monthly)],
                                                 on: world.connection, actor: .system, origin: .commandLine)
            let invoiceID = try #require(order.invoiceID)
            invoice = try #require(try Invoices.find(id: invoiceID, on: world.connection))
            let customer = try #require(try Users.find(id: world.customers[0], on: world.connection))
            session = try CheckoutSessions.start(invoiceID: invoice.id, gateway: "demo",
                                                 by: Caller(user: customer, origin: .commandLine, connection: world.connection)).session
        }

        /// A signed completed-checkout notification for the session, as the demo gateway sends it.
        func event(_ eventID: String, amount: Money? = nil, currency: String? = nil, transaction: String? = nil) -> [UInt8] {
            var paid = session
            if let amount { paid.amount = amount }
            if let currency { paid.currency = currency }
            var body = DemoGateway.completedEvent(eventID: eventID, session: paid)
            if let transaction {
                body = Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "pi_demo_\(session.id)", with: transaction).utf8)
            }
            return body
        }

        @discardableResult
        func deliver(_ body: [UInt8], at moment: Date = Date(), on connection: PostgresConnection? = nil) throws -> WebhookIntake.Outcome {
            try WebhookIntake(gateways: gateways).receive(
                gateway: "demo", body: body, headers: ["stripe-signature": try WebhookSignature.header(body: body, secret: secret, at: moment)],
                origin: RequestOrigin(address: "192.0.2.1"), on: connection ?? self.connection)
        }

        func runQueue() throws {
            while try PaymentEventQueue.runNext(runnerKey: 7, on: connection) {}
        }

        func count(_ sql: String) throws -> Int {
            try connection.query("SELECT count(*) AS n FROM \(unescaped: sql)")[0].decode(Int.self, "n")
        }
    }

    @Test("the same event delivered twice: stored once, one payment, the order handed to provisioning once")
    func sameEventTwice() throws {
        try TestEnvironment.withScratchDatabase { url in
            let shop = try Shop(url: url)
            let body = shop.event("evt_twice")
            guard case .queued = try shop.deliver(body) else { Issue.record("first delivery not queued"); return }
            #expect(try shop.deliver(body) == .duplicate)
            try shop.runQueue()
            #expect(try shop.deliver(body) == .duplicate, "a replay after apply")
            try shop.runQueue()
            let after = try #require(try Invoices.find(id: shop.invoice.id, on: shop.connection))
            #expect(after.status == .paid && after.amountDue == .zero)
            #expect(try shop.count("payments WHERE invoice_id = \(shop.invoice.id)") == 1)
            #expect(try shop.count("payment_transactions WHERE NOT flagged") == 1)
            #expect(try shop.count("provisioning_requests") == 1)
            #expect(try shop.count("checkout_sessions WHERE status = 'paid'") == 1)
            #expect(try shop.count("payment_notifications WHERE status = 'applied' AND applied_at IS NOT NULL") == 1)
        }
    }

    @Test("ten concurrent deliveries of one event, and ten events of one transaction applied concurrently: one payment")
    func tenConcurrent() throws {
        try TestEnvironment.withScratchDatabase { url in
            let shop = try Shop(url: url)
            let body = shop.event("evt_concurrent")
            let outcomes = Mutex<[String]>([])
            let secret = shop.secret
            DispatchQueue.concurrentPerform(iterations: 10) { _ in
                do {
                    let connection = try PostgresConnection(connectionString: url)
                    let outcome = try WebhookIntake(gateways: PaymentGateways(box: try Fixtures.box())).receive(
                        gateway: "demo", body: body, headers: ["stripe-signature": try WebhookSignature.header(body: body, secret: secret, at: Date())],
                        origin: RequestOrigin(address: "192.0.2.1"), on: connection)
                    outcomes.withLock { $0.append(outcome == .duplicate ? "duplicate" : "queued") }
                } catch { outcomes.withLock { $0.append("error: \(error)") } }
            }
            #expect(outcomes.withLock { $0.sorted() } == ["duplicate"] + Array(repeating: "duplicate", count: 8) + ["queued"])
            // Reordered and re-sent by the gateway under new event ids: the transaction id is what counts.
            for index in 0..<9 { try shop.deliver(shop.event("evt_resent_\(index)")) }
            let errors = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 10) { index in
                do {
                    let connection = try PostgresConnection(connectionString: url)
                    while try PaymentEventQueue.runNext(runnerKey: Int64(100 + index), on: connection) {}
                } catch { errors.withLock { $0.append("\(error)") } }
            }
            #expect(errors.withLock { $0 } == [])
            #expect(try shop.count("payments WHERE invoice_id = \(shop.invoice.id)") == 1)
            #expect(try shop.count("payment_transactions") == 1)
            #expect(try shop.count("provisioning_requests") == 1)
            #expect(try shop.count("payment_notifications WHERE status = 'applied'") == 10)
            #expect(try shop.count("payment_notifications WHERE error LIKE 'duplicate:%'") == 9)
            #expect(try Invoices.find(id: shop.invoice.id, on: shop.connection)?.status == .paid)
        }
    }

    @Test("a smaller amount is applied as partial and flagged; another currency is flagged and not applied")
    func mismatchFlagged() throws {
        try TestEnvironment.withScratchDatabase { url in
            let shop = try Shop(url: url)
            let short = Money(cents: shop.invoice.amountDue.cents - 1)
            try shop.deliver(shop.event("evt_short", amount: short))
            try shop.runQueue()
            var after = try #require(try Invoices.find(id: shop.invoice.id, on: shop.connection))
            #expect(after.status == .unpaid && after.amountDue == Money(cents: 1))
            let flagged = try shop.connection.query("SELECT flagged, flag_reason, payment_id FROM payment_transactions")[0]
            #expect(try flagged.decode(Bool.self, "flagged") && flagged.decode(String.self, "flag_reason").contains("the checkout asked for"))
            #expect(try flagged.decode(Int?.self, "payment_id") != nil)
            #expect(try shop.count("provisioning_requests") == 0, "not paid in full: not handed over")

            try shop.deliver(shop.event("evt_usd", amount: Money(cents: 1), currency: "USD", transaction: "pi_other"))
            try shop.runQueue()
            after = try #require(try Invoices.find(id: shop.invoice.id, on: shop.connection))
            #expect(after.amountDue == Money(cents: 1), "another currency is never taken as payment")
            let usd = try shop.connection.query("SELECT flagged, flag_reason, payment_id FROM payment_transactions WHERE gateway_transaction_id = 'pi_other'")[0]
            #expect(try usd.decode(Bool.self, "flagged") && usd.decode(Int?.self, "payment_id") == nil)
            #expect(try usd.decode(String.self, "flag_reason").contains("USD"))
        }
    }

    @Test("a forged, stale or altered notification is refused, stored as refused and written to the session log")
    func refusedIsLogged() throws {
        try TestEnvironment.withScratchDatabase { url in
            let shop = try Shop(url: url)
            let body = shop.event("evt_forged")
            #expect(throws: WebhookIntake.Refused(reason: .staleTimestamp)) { try shop.deliver(body, at: Date().addingTimeInterval(-301)) }
            #expect(throws: WebhookIntake.Refused(reason: .badSignature)) {
                try WebhookIntake(gateways: shop.gateways).receive(
                    gateway: "demo", body: body, headers: ["stripe-signature": try WebhookSignature.header(body: body, secret: "forged", at: Date())],
                    origin: RequestOrigin(address: "192.0.2.9"), on: shop.connection)
            }
            // Genuine but naming no checkout session of ours: failed at once (retrying cannot help), nothing recorded.
            var stranger = shop.session
            stranger.gatewaySessionID = "cs_demo_unknown"
            try shop.deliver(DemoGateway.completedEvent(eventID: "evt_stranger", session: stranger))
            try shop.runQueue()
            #expect(try shop.count("payment_notifications WHERE status = 'failed' AND attempts = 1 AND error LIKE '%no checkout session%'") == 1)
            #expect(try shop.count("payment_notifications WHERE status = 'refused' AND event_id IS NULL") == 2)
            #expect(try shop.count("session_events WHERE event = 'webhook_refused'") == 2)
            #expect(try shop.count("payments") == 0 && shop.count("payment_transactions") == 0)
        }
    }

    @Test("the demo gateway: send twice → one payment; late → not before its time; decline → declined, nothing sent")
    func demoSettings() throws {
        try TestEnvironment.withScratchDatabase { url in
            let shop = try Shop(url: url)
            let deliveries = DemoDeliveries(gateways: shop.gateways, transport: .inProcess)
            func setOptions(_ json: String) throws { try shop.connection.query("UPDATE payment_gateways SET settings = $1::jsonb WHERE name = 'demo'", [json]) }

            try setOptions(#"{"send_twice": true, "delay_seconds": 60}"#)
            #expect(try DemoCheckout.pay(gatewaySessionID: shop.session.gatewaySessionID, origin: .commandLine, on: shop.connection) == shop.session.returnPath)
            #expect(try !deliveries.runNext(runnerKey: 9, on: shop.connection), "late: nothing before its time")
            try shop.connection.query("UPDATE demo_gateway_deliveries SET run_after = now()")
            while try deliveries.runNext(runnerKey: 9, on: shop.connection) {}
            try shop.runQueue()
            #expect(try shop.count("demo_gateway_deliveries WHERE status = 'delivered'") == 2)
            #expect(try shop.count("payment_notifications") == 1, "the second delivery is the same event: a duplicate")
            #expect(try shop.count("payments") == 1)
            #expect(try DemoCheckout.pay(gatewaySessionID: shop.session.gatewaySessionID, origin: .commandLine, on: shop.connection) == shop.session.returnPath)
            #expect(try shop.count("demo_gateway_deliveries") == 2, "paying a paid session again sends nothing")

            try setOptions(#"{"decline": true}"#)
            let customer = try #require(try Users.find(id: shop.world.customers[0], on: shop.connection))
            let order = try OrderPlacement.place(customerID: customer.id, lines: [OrderLine(productID: shop.world.products[1], billingCycle: .monthly)],
                                                 on: shop.connection, actor: .system, origin: .commandLine)
            let invoiceID = try #require(order.invoiceID)
            let declined = try CheckoutSessions.start(invoiceID: invoiceID, gateway: "demo",
                                                      by: Caller(user: customer, origin: .commandLine, connection: shop.connection)).session
            _ = try DemoCheckout.pay(gatewaySessionID: declined.gatewaySessionID, origin: .commandLine, on: shop.connection)
            #expect(try shop.count("checkout_sessions WHERE status = 'declined'") == 1)
            #expect(try shop.count("demo_gateway_deliveries") == 2 && shop.count("payments") == 1)
        }
    }
}
