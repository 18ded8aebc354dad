@testable import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

/// Saved cards against the Stripe fake: a hosted setup saves one card however often (and however
/// concurrently) its notification comes; the owner alone removes it (detached at Stripe once) and
/// moves automatic payment between cards; Stripe down changes nothing.
@Suite("Payments: saved cards against a Stripe-compatible fake")
struct SavedCardsTests {
    typealias Shop = StripeGatewayTests.Shop

    /// Starts a setup for the shop's customer and saves `card` on the fake's page; the event id.
    static func addCard(_ shop: Shop, card: String = "pm_card_visa") throws -> (setupID: String, eventID: String) {
        let started = try SavedCards.startSetup(by: shop.customer, gateway: "stripe", gateways: shop.gateways)
        let session = try #require(started.url.split(separator: "/").last.map(String.init))
        let saved = try shop.fake.knob("/pay/\(session)", body: "card=\(card)")
        return (started.setupID, try #require(saved["event"] as? String))
    }

    /// A scratch database with stripe enabled against a fresh fake, and the shop's customer.
    static func withShop(_ body: (Shop, StripeFake, String) throws -> Void) throws {
        let fake = try StripeFake()
        defer { fake.stop() }
        try TestEnvironment.withScratchDatabase { url in try body(try Shop(url: url, fake: fake), fake, url) }
    }

    static func runJobs(_ shop: Shop) throws {
        while try PaymentEventQueue.runNext(runnerKey: 9, gateways: shop.gateways, on: shop.connection) {}
    }

    @Test("setup → a Stripe customer once and a setup session; its notification 3× and re-sent concurrently → one card, auto-pay")
    func setupSavesOnce() throws {
        try Self.withShop { shop, fake, url in
            let (setupID, eventID) = try Self.addCard(shop)
            let calls = try #require(try fake.state()["calls"] as? [[String: Any]])
            let customerForm = try #require(calls.first { $0["path"] as? String == "/v1/customers" }?["form"] as? [String: String])
            #expect(customerForm == ["email": shop.customer.user?.email, "metadata[customer_id]": String(shop.world.customers[0])])
            let setupForm = try #require(calls.last { $0["path"] as? String == "/v1/checkout/sessions" }?["form"] as? [String: String])
            #expect(setupForm["mode"] == "setup" && setupForm["metadata[setup]"] == setupID)
            #expect(setupForm["success_url"] == "https://portal.example/my/account/payment-methods?setup=\(setupID)")
            #expect(try SavedCards.setupStatus(setupID, for: shop.customer) == .open)

            guard case .queued = try shop.deliver(eventID) else { Issue.record("not queued"); return }
            for _ in 0..<3 { #expect(try shop.deliver(eventID) == .duplicate) }
            // The same completed session again under new event ids, applied by four runners at once.
            let session = try #require(try shop.connection.query("SELECT gateway_session_id FROM card_setup_sessions")[0].decode(String.self, "gateway_session_id"))
            for _ in 0..<3 { _ = try shop.deliver(try #require(try fake.knob("/pay/\(session)")["event"] as? String)) }
            let errors = Mutex<[String]>([])
            let gateways = shop.gateways
            DispatchQueue.concurrentPerform(iterations: 4) { index in
                do {
                    let connection = try PostgresConnection(connectionString: url)
                    while try PaymentEventQueue.runNext(runnerKey: Int64(200 + index), gateways: gateways, on: connection) {}
                } catch { errors.withLock { $0.append("\(error)") } }
            }
            #expect(errors.withLock { $0 } == [])
            let cards = try SavedCards.list(for: shop.customer)
            #expect(cards.count == 1)
            #expect(cards.first.map { [$0.brand, $0.last4, $0.expiry] } == ["visa", "4242", "12/2034"])
            #expect(cards.first?.autoPay == true)
            #expect(try shop.count("payment_notifications WHERE status = 'applied'") == 4)
            #expect(try SavedCards.setupStatus(setupID, for: shop.customer) == .saved)

            _ = try SavedCards.startSetup(by: shop.customer, gateway: "stripe", gateways: shop.gateways)
            #expect((try fake.state()["customers"] as? [String: Any])?.count == 1)
            #expect(try shop.count("gateway_customers") == 1)
        }
    }

    @Test("auto-pay moves between the owner's cards and turns off; remove detaches once; others' cards and Stripe down change nothing")
    func chooseAndRemove() throws {
        try Self.withShop { shop, fake, _ in
            for card in ["pm_card_visa", "pm_card_chargeDeclined"] { _ = try shop.deliver(try Self.addCard(shop, card: card).eventID) }
            try Self.runJobs(shop)
            let cards = try SavedCards.list(for: shop.customer)
            try #require(cards.map(\.last4) == ["4242", "0341"])
            #expect(cards.map(\.autoPay) == [true, false])
            #expect(try SavedCards.chooseForAutoPay(id: cards[1].id, on: true, by: shop.customer).autoPay)
            #expect(try SavedCards.list(for: shop.customer).map(\.autoPay) == [false, true])
            #expect(try SavedCards.chooseForAutoPay(id: cards[1].id, on: false, by: shop.customer).autoPay == false)
            #expect(try SavedCards.list(for: shop.customer).map(\.autoPay) == [false, false])
            _ = try SavedCards.chooseForAutoPay(id: cards[0].id, on: true, by: shop.customer)

            let other = Caller(user: try Fixtures.customer(on: shop.connection), origin: .commandLine, connection: shop.connection)
            #expect(throws: DomainError.notFound("No such card.")) { try SavedCards.remove(id: cards[0].id, by: other, gateways: shop.gateways) }
            #expect(throws: DomainError.notFound("No such card.")) { try SavedCards.chooseForAutoPay(id: cards[0].id, on: false, by: other) }
            #expect(try SavedCards.list(for: other).isEmpty)

            try fake.mode("fail")
            #expect(throws: PaymentProviderUnavailable.self) { try SavedCards.remove(id: cards[0].id, by: shop.customer, gateways: shop.gateways) }
            #expect(try SavedCards.list(for: shop.customer).map(\.autoPay) == [true, false])
            try fake.mode("ok")
            let removed = try SavedCards.remove(id: cards[0].id, by: shop.customer, gateways: shop.gateways)
            #expect(removed.status == .removed && !removed.autoPay)
            #expect(throws: DomainError.notFound("No such card.")) { try SavedCards.remove(id: cards[0].id, by: shop.customer, gateways: shop.gateways) }
            #expect((try fake.state()["detached"] as? [String])?.count == 1)
            #expect(try SavedCards.list(for: shop.customer).map(\.last4) == ["0341"])
            let (staff, _) = try Fixtures.enrolledStaff(on: shop.connection, role: .staff)
            #expect(try SavedCards.list(customerID: shop.world.customers[0], for: Caller(user: staff, origin: .commandLine, connection: shop.connection)).count == 1)
        }
    }

    @Test("Stripe down when adding a card: 503-style error, no setup stored; down while the job reads the card: retried, then saved")
    func providerDown() throws {
        try Self.withShop { shop, fake, _ in
            try fake.mode("fail")
            #expect(throws: PaymentProviderUnavailable.self) { try SavedCards.startSetup(by: shop.customer, gateway: "stripe", gateways: shop.gateways) }
            #expect(try shop.count("card_setup_sessions") == 0)
            #expect(throws: DomainError.invalid("gateway", "is not an enabled gateway that saves cards")) {
                try SavedCards.startSetup(by: shop.customer, gateway: "demo", gateways: shop.gateways)
            }
            try fake.mode("ok")
            let (setupID, eventID) = try Self.addCard(shop)
            _ = try shop.deliver(eventID)
            try fake.mode("fail")
            #expect(try PaymentEventQueue.runNext(runnerKey: 9, gateways: shop.gateways, on: shop.connection))
            #expect(try shop.count("payment_notifications WHERE status = 'queued' AND attempts = 1") == 1)
            #expect(try SavedCards.setupStatus(setupID, for: shop.customer) == .open)
            try fake.mode("ok")
            try shop.connection.query("UPDATE payment_notifications SET run_after = now()")
            try Self.runJobs(shop)
            #expect(try SavedCards.list(for: shop.customer).count == 1)
        }
    }
}
