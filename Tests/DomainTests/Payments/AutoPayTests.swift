@testable import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

/// Automatic renewal charges of a saved card against the Stripe fake, the clock an input: charged
/// once on the due date however often and concurrently the run goes; declined → retried on the
/// schedule and no more; Stripe silent → asked again after the backoff with the same key; a run
/// that died after its claim → completed once by the next.
@Suite("Payments: automatic renewal charges (AutoPay)", .serialized)
struct AutoPayTests {
    @Test("due date: charged once (two concurrent runs, then again), service extended once; its webhook later changes nothing")
    func chargedOnce() throws {
        let fake = try StripeFake()
        defer { fake.stop() }
        try TestEnvironment.withScratchDatabase { url in
            let world = try AutoPayWorld(url: url, fake: fake)
            #expect(try world.run(at: AutoPayWorld.moment(world.due, plusDays: -1)) == AutoPayReport())
            let moment = AutoPayWorld.moment(world.due)
            let reports = Mutex<[AutoPayReport]>([])
            let gateways = world.shop.gateways
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                do {
                    let report = try AutoPay.run(at: moment, gateways: gateways, on: try PostgresConnection(connectionString: url))
                    reports.withLock { $0.append(report) }
                } catch { Issue.record(error) }
            }
            #expect(reports.withLock { $0.map(\.succeeded).reduce(0, +) } == 1)
            #expect(try world.run(at: moment.addingTimeInterval(3600)) == AutoPayReport())
            let charges = try world.charges()
            let attempts = try world.attempts()
            #expect(charges.count == 1 && attempts.count == 1)
            #expect(try attempts[0].decode(String.self, "status") == "succeeded")
            let attemptID = try attempts[0].decode(Int.self, "id")
            #expect(try world.intentCalls() == ["autopay-\(attemptID)"])
            let form = try #require((try fake.state()["calls"] as? [[String: Any]])?.last?["form"] as? [String: String])
            let invoice = try #require(try Invoices.find(id: world.invoiceID, on: world.connection))
            #expect(form["customer"] == "cus_test_1" && form["payment_method"] == "pm_card_visa" && form["off_session"] == "true"
                    && form["confirm"] == "true" && form["metadata[invoice_id]"] == String(world.invoiceID) && form["metadata[attempt]"] == "1")
            #expect(form["amount"] == String(invoice.total.cents) && form["currency"] == invoice.currency.lowercased())
            #expect(invoice.status == .paid)
            #expect(try world.shop.count("payments WHERE invoice_id = \(world.invoiceID)") == 1)
            #expect(try world.shop.count("payment_transactions WHERE attempt_id = \(attemptID) AND NOT flagged AND payment_id IS NOT NULL") == 1)
            let extended = try world.nextDueDate()
            #expect(extended > world.paidUntil)

            // Stripe's payment_intent.succeeded for the same intent: stored, applied as a duplicate.
            let event = try #require((try fake.state()["events"] as? [String: [String: Any]])?.first { $0.value["type"] as? String == "payment_intent.succeeded" }?.key)
            guard case .queued = try world.shop.deliver(event) else { Issue.record("not queued"); return }
            while try PaymentEventQueue.runNext(runnerKey: 9, on: world.connection) {}
            let note = try world.connection.query("SELECT status, error FROM payment_notifications")[0]
            #expect(try note.decode(String.self, "status") == "applied")
            #expect(try note.decode(String.self, "error").hasPrefix("duplicate"))
            #expect(try world.shop.count("payments WHERE invoice_id = \(world.invoiceID)") == 1)
            #expect(try world.nextDueDate() == extended)
        }
    }

    @Test("declined: failed with Stripe's reason, retried 1, 3 and 5 days after the due date and never more; service untouched")
    func declinedOnSchedule() throws {
        let fake = try StripeFake()
        defer { fake.stop() }
        try TestEnvironment.withScratchDatabase { url in
            let world = try AutoPayWorld(url: url, fake: fake, card: "pm_card_chargeDeclined")
            var declinedOn: [Int] = []
            for day in 0...9 {
                for hour in [0.0, 8.0] {
                    let report = try world.run(at: AutoPayWorld.moment(world.due, plusDays: day, plusSeconds: hour * 3600))
                    if report.declined == 1 { declinedOn.append(day) }
                }
            }
            #expect(declinedOn == [0, 1, 3, 5])
            let attempts = try world.attempts()
            #expect(try attempts.map { try $0.decode(String.self, "status") } == ["failed", "failed", "failed", "failed"])
            #expect(try attempts.map { try $0.decode(String.self, "failure") }.allSatisfy { $0 == "Your card was declined." })
            let retries = try attempts.map { try $0.decode(String?.self, "retry_on") }
            let expected = [1, 3, 5].map { AutoPayWorld.moment(world.due, plusDays: $0) }.map { CalendarDay($0, in: TimeZone(identifier: "UTC")!).description }
            #expect(retries == expected.map { Optional($0) } + [nil])
            #expect(Set(try world.intentCalls()).count == 4)
            #expect(try world.charges().count == 4)
            #expect(try Invoices.find(id: world.invoiceID, on: world.connection)?.status == .unpaid)
            #expect(try world.shop.count("payments WHERE invoice_id = \(world.invoiceID)") == 0)
            #expect(try world.nextDueDate() == world.paidUntil)
            let shown = try Invoices.visible(id: world.invoiceID, to: world.shop.customer).automaticPaymentFailure
            #expect(shown == AutomaticPaymentFailure(attempt: 4, reason: "Your card was declined.", nextTry: nil))
        }
    }

    @Test("Stripe failing or hanging: nothing paid, unknown; asked again only after the backoff, with the same key; one charge in the end")
    func gatewayDown() throws {
        let fake = try StripeFake(hangSeconds: 2)
        defer { fake.stop() }
        try TestEnvironment.withScratchDatabase { url in
            let world = try AutoPayWorld(url: url, fake: fake)
            let moment = AutoPayWorld.moment(world.due)
            try fake.mode("fail")
            #expect(try world.run(at: moment).unanswered == 1)
            var attempt = try world.attempts()[0]
            #expect(try attempt.decode(String.self, "status") == "unknown")
            let key = "autopay-\(try attempt.decode(Int.self, "id"))"
            #expect(try world.run(at: moment.addingTimeInterval(299)) == AutoPayReport())
            try fake.mode("hang")
            #expect(try world.run(at: moment.addingTimeInterval(300)).unanswered == 1)  // call 2; call 3 waits 15 minutes
            #expect(try world.run(at: moment.addingTimeInterval(300 + 899)) == AutoPayReport())
            #expect(try world.shop.count("payments WHERE invoice_id = \(world.invoiceID)") == 0)
            #expect(try world.shop.count("payment_transactions") == 0)
            try fake.mode("ok")
            #expect(try world.run(at: moment.addingTimeInterval(300 + 900)).succeeded == 1)
            attempt = try world.attempts()[0]
            #expect(try attempt.decode(String.self, "status") == "succeeded")
            #expect(try attempt.decode(Int.self, "calls") == 3)
            #expect(try world.intentCalls() == [key, key, key])
            #expect(try world.charges().count == 1)
            #expect(try world.shop.count("payments WHERE invoice_id = \(world.invoiceID)") == 1)
            #expect(try world.nextDueDate() > world.paidUntil)
        }
    }

    @Test("a run that died after its claim: the pending row is completed once by a later run, with the same key")
    func crashAfterClaim() throws {
        let fake = try StripeFake()
        defer { fake.stop() }
        try TestEnvironment.withScratchDatabase { url in
            let world = try AutoPayWorld(url: url, fake: fake)
            let moment = AutoPayWorld.moment(world.due)
            // The claim exactly as a run makes it, then nothing: the run "died" before calling Stripe.
            let id = try world.connection.query(
                """
                INSERT INTO payment_attempts (invoice_id, customer_id, payment_method_id, gateway, attempt, amount, currency, calls, created_at)
                SELECT i.id, i.customer_id, (SELECT id FROM saved_payment_methods), 'stripe', 1, i.amount_due, i.currency, 1, \(moment)
                FROM invoices i WHERE i.id = \(world.invoiceID) RETURNING id
                """)[0].decode(Int.self, "id")
            #expect(try world.run(at: moment.addingTimeInterval(60)) == AutoPayReport())  // still fresh: maybe being answered
            #expect(try world.run(at: moment.addingTimeInterval(AutoPay.staleClaim + 1)).succeeded == 1)
            #expect(try world.run(at: moment.addingTimeInterval(3 * AutoPay.staleClaim)) == AutoPayReport())
            #expect(try world.intentCalls() == ["autopay-\(id)"])
            #expect(try world.charges().count == 1)
            #expect(try world.attempts().map { try $0.decode(String.self, "status") } == ["succeeded"])
            #expect(try world.shop.count("payments WHERE invoice_id = \(world.invoiceID)") == 1)
        }
    }

    @Test("backoff: 5 minutes, three times longer each call, at most 6 hours")
    func backoff() {
        #expect((1...6).map { AutoPay.backoff(calls: $0) } == [300, 900, 2700, 8100, 21_600, 21_600])
    }
}
