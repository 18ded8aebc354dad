@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

/// The `stripe` module against the Stripe fake (`Tests/support/stripe_fake.py`): a checkout
/// creates a session there, the fake's signed notification pays the invoice once however often it
/// comes, a failing or silent Stripe starts nothing, refunds go through or are refused.
@Suite("Payments: the stripe gateway against a Stripe-compatible fake")
struct StripeGatewayTests {
    struct Shop {
        let world: BillingWorld
        let gateways: PaymentGateways
        let fake: StripeFake
        let invoice: Invoice
        let customer: Caller
        var connection: PostgresConnection { world.connection }

        init(url: String, fake: StripeFake) throws {
            self.fake = fake
            world = try BillingWorld.make(url: url, customerCount: 1)
            gateways = PaymentGateways(box: try Fixtures.box(), baseURL: "https://portal.example")
            try world.connection.query(
                """
                UPDATE payment_gateways SET enabled = true, settings = jsonb_build_object('api_base', \(fake.baseURL)::text),
                       api_key = \(try gateways.seal(fake.secretKey, gateway: "stripe", column: "api_key")),
                       webhook_secret = \(try gateways.seal(fake.webhookSecret, gateway: "stripe", column: "webhook_secret"))
                WHERE name = 'stripe'
                """)
            let order = try OrderPlacement.place(customerID: world.customers[0], lines: [OrderLine(productID: world.products[0], billingCycle: .monthly)],
                                                 on: world.connection, actor: .system, origin: .commandLine)
            let invoiceID = try #require(order.invoiceID)
            invoice = try #require(try Invoices.find(id: invoiceID, on: world.connection))
            let user = try #require(try Users.find(id: world.customers[0], on: world.connection))
            customer = Caller(user: user, origin: .commandLine, connection: world.connection)
        }

        func checkout() throws -> (session: CheckoutSessionRecord, url: String) {
            try CheckoutSessions.start(invoiceID: invoice.id, gateway: "stripe", by: customer, gateways: gateways)
        }

        /// The fake's event `eventID`, signed now, through the intake.
        func deliver(_ eventID: String) throws -> WebhookIntake.Outcome {
            let events = try #require(try fake.state()["events"] as? [String: Any])
            let event = try #require(events[eventID])
            let body = Array(try JSONSerialization.data(withJSONObject: event))
            let signature = try WebhookSignature.header(body: body, secret: fake.webhookSecret, at: Date())
            return try WebhookIntake(gateways: gateways).receive(gateway: "stripe", body: body, headers: ["stripe-signature": signature],
                                                                 origin: RequestOrigin(address: "192.0.2.7"), on: connection)
        }

        func count(_ sql: String) throws -> Int {
            try connection.query("SELECT count(*) AS n FROM \(unescaped: sql)")[0].decode(Int.self, "n")
        }
    }

    @Test("checkout → a Stripe session with the invoice's amount; paid → the invoice paid once, also after 3 re-sends")
    func checkoutAndPay() throws {
        let fake = try StripeFake()
        defer { fake.stop() }
        try TestEnvironment.withScratchDatabase { url in
            let shop = try Shop(url: url, fake: fake)
            let started = try shop.checkout()
            #expect(started.url == fake.baseURL + "/pay/" + started.session.gatewaySessionID)
            let call = try #require((try fake.state()["calls"] as? [[String: Any]])?.last)
            #expect(call["authorization"] as? String == "Bearer \(fake.secretKey)")
            let form = try #require(call["form"] as? [String: String])
            #expect(form["line_items[0][price_data][unit_amount]"] == String(shop.invoice.amountDue.cents))
            #expect(form["line_items[0][price_data][currency]"] == shop.invoice.currency.lowercased())
            #expect(form["success_url"] == "https://portal.example/my/invoices/\(shop.invoice.id)?checkout=\(started.session.id)")
            #expect(form["metadata[invoice_id]"] == String(shop.invoice.id) && form["metadata[session]"] == started.session.id)
            #expect(form["client_reference_id"] == started.session.id)

            let paid = try fake.knob("/pay/\(started.session.gatewaySessionID)")  // its webhook goes nowhere: delivered here instead
            let eventID = try #require(paid["event"] as? String)
            guard case .queued = try shop.deliver(eventID) else { Issue.record("not queued"); return }
            for _ in 0..<3 { #expect(try shop.deliver(eventID) == .duplicate) }
            while try PaymentEventQueue.runNext(runnerKey: 9, on: shop.connection) {}
            #expect(try Invoices.find(id: shop.invoice.id, on: shop.connection)?.status == .paid)
            #expect(try shop.count("payments WHERE invoice_id = \(shop.invoice.id)") == 1)
            #expect(try shop.count("payment_transactions WHERE gateway = 'stripe' AND NOT flagged") == 1)
            #expect(try shop.count("provisioning_requests") == 1)

            let intent = try #require(paid["payment_intent"] as? String)
            let transactionID = try shop.connection.query(
                "SELECT id FROM payment_transactions WHERE gateway = 'stripe' AND gateway_transaction_id = \(intent)")[0].decode(Int.self, "id")
            let (staff, totp) = try Fixtures.enrolledStaff(on: shop.connection, role: .staff)
            Fixtures.awayFromStepEnd()
            let refund = try PaymentRefunds(twoFactor: TwoFactor(box: try Fixtures.box()), gateways: shop.gateways).refund(
                transactionID: transactionID, amount: Money(cents: 100), reason: "Customer asked",
                by: Caller(user: staff, origin: .commandLine, connection: shop.connection), code: try Fixtures.code(totp))
            #expect(refund.status == .succeeded && refund.gatewayRefundID?.hasPrefix("re_") == true)
            let refundCall = try #require((try fake.state()["calls"] as? [[String: Any]])?.last)
            #expect(refundCall["path"] as? String == "/v1/refunds")
            #expect((refundCall["form"] as? [String: String]) == ["payment_intent": intent, "amount": "100"])
            let settings = try #require(try PaymentGateways.settings(named: "stripe", on: shop.connection))
            let unknown = try shop.connection.query("SELECT \(unescaped: PaymentRecords.Transaction.columns) FROM payment_transactions t JOIN invoices i ON i.id = t.invoice_id WHERE t.id = \(transactionID)")
                .map(PaymentRecords.Transaction.init(row:))[0]
            var forged = unknown
            forged.gatewayTransactionID = "pi_unknown"
            #expect(throws: GatewayRefundRefusal(reason: "No such payment_intent: 'pi_unknown'")) {
                try StripeGateway().refund(transaction: forged, amount: Money(cents: 100), settings: settings, secretKey: fake.secretKey, key: "refund-forged")
            }

            try fake.mode("fail")  // no answer: the outcome is unknown, so the refund stays pending and is not sent again
            try Fixtures.allowNextCode(staff, on: shop.connection)
            #expect(throws: (any Error).self) {
                try PaymentRefunds(twoFactor: TwoFactor(box: try Fixtures.box()), gateways: shop.gateways).refund(
                    transactionID: transactionID, amount: Money(cents: 100), reason: "Again",
                    by: Caller(user: staff, origin: .commandLine, connection: shop.connection), code: try Fixtures.code(totp))
            }
            #expect(try shop.count("payment_refunds WHERE status = 'pending'") == 1)
        }
    }

    @Test("Stripe answering 500, or refusing the connection: no session stored, nothing paid")
    func providerDown() throws {
        let fake = try StripeFake()
        defer { fake.stop() }
        try TestEnvironment.withScratchDatabase { url in
            let shop = try Shop(url: url, fake: fake)
            try fake.mode("fail")
            #expect(throws: PaymentProviderUnavailable.self) { try shop.checkout() }
            fake.stop()
            #expect(throws: PaymentProviderUnavailable.self) { try shop.checkout() }
            #expect(try shop.count("checkout_sessions") == 0)
            #expect(try shop.count("payments") == 0)
        }
    }
}
