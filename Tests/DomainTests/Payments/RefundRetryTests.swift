@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

/// A refund whose gateway answer was lost settles: the job runner asks again with the same
/// idempotency key (the fake makes one refund), and after the last ask staff settle it by hand.
@Suite("Payments: stuck refunds are asked again, then settled by staff")
struct RefundRetryTests {
    @Test("answer lost → pending → asked again → succeeded once: one refund at the fake, one credit note; 8 asks unanswered → staff settle it")
    func retriedThenSettled() throws {
        let fake = try StripeFake()
        defer { fake.stop() }
        try TestEnvironment.withScratchDatabase { url in
            let shop = try StripeGatewayTests.Shop(url: url, fake: fake)
            let started = try shop.checkout()
            let paid = try fake.knob("/pay/\(started.session.gatewaySessionID)")
            _ = try shop.deliver(try #require(paid["event"] as? String))
            while try PaymentEventQueue.runNext(runnerKey: 9, on: shop.connection) {}
            let transactionID = try shop.connection.query("SELECT id FROM payment_transactions WHERE gateway = 'stripe'")[0].decode(Int.self, "id")
            let (staffUser, totp) = try Fixtures.enrolledStaff(on: shop.connection, role: .staff)
            let staff = Caller(user: staffUser, origin: .commandLine, connection: shop.connection)
            let refunds = PaymentRefunds(twoFactor: TwoFactor(box: try Fixtures.box()), gateways: shop.gateways)
            let retries = RefundRetries(gateways: shop.gateways)
            func askAgain() throws -> Bool {
                try shop.connection.query("UPDATE payment_refunds SET retry_at = now() WHERE status = 'pending' AND retry_at IS NOT NULL")
                return try retries.runNext(on: shop.connection)
            }
            func refund(_ id: Int) throws -> PaymentRefund { try #require(try RefundSettlement.find(id, lock: false, on: shop.connection)) }

            Fixtures.awayFromStepEnd()
            try fake.mode("lose")  // Stripe refunds, but the answer never arrives
            #expect(throws: DomainError.self) {
                try refunds.refund(transactionID: transactionID, amount: Money(cents: 100), reason: "Lost answer", by: staff, code: try Fixtures.code(totp))
            }
            let first = try shop.connection.query("SELECT id FROM payment_refunds")[0].decode(Int.self, "id")
            #expect(try refund(first).status == .pending && refund(first).retryAt != nil)
            #expect(try retries.runNext(on: shop.connection) == false, "not due before its retry time")
            try fake.mode("ok")
            #expect(try askAgain())
            let settled = try refund(first)
            #expect(settled.status == .succeeded && settled.attempts == 2 && settled.creditNoteID != nil)
            let state = try fake.state()
            #expect((state["refunds"] as? [Any])?.count == 1, "one refund at the gateway")
            let asks = (state["calls"] as? [[String: Any]] ?? []).filter { $0["idempotency_key"] as? String == "refund-\(first)" }
            #expect(asks.count == 2, "both asks carried the refund's key")
            #expect(try shop.count("credit_notes") == 1)
            #expect(try askAgain() == false, "nothing left to ask")

            // Never answered: after the 8th ask it needs attention; staff settle it with the gateway's id (2FA).
            try fake.mode("fail")
            try Fixtures.allowNextCode(staffUser, on: shop.connection)
            #expect(throws: DomainError.self) {
                try refunds.refund(transactionID: transactionID, amount: Money(cents: 50), reason: "No answer", by: staff, code: try Fixtures.code(totp))
            }
            let second = try shop.connection.query("SELECT max(id) AS id FROM payment_refunds")[0].decode(Int.self, "id")
            let settlement = RefundSettlement(twoFactor: TwoFactor(box: try Fixtures.box()))
            try Fixtures.allowNextCode(staffUser, on: shop.connection)
            #expect(throws: DomainError.self, "not before the last ask") {
                try settlement.settle(refundID: second, gatewayRefundID: "re_hand", by: staff, code: try Fixtures.code(totp))
            }
            while try askAgain() {}
            #expect(try refund(second).attempts == RefundRetries.tries && refund(second).needsAttention)
            try Fixtures.allowNextCode(staffUser, on: shop.connection)
            let byHand = try settlement.settle(refundID: second, gatewayRefundID: "re_hand", by: staff, code: try Fixtures.code(totp))
            #expect(byHand.status == .succeeded && byHand.gatewayRefundID == "re_hand" && !byHand.needsAttention)
            #expect(try shop.count("credit_notes") == 2)
            try Fixtures.allowNextCode(staffUser, on: shop.connection)
            #expect(throws: DomainError.self, "already settled") {
                try settlement.refuse(refundID: second, reason: "x", by: staff, code: try Fixtures.code(totp))
            }
            let listed = try PaymentRefunds.list(page: PageRequest(), status: "succeeded", gateway: "stripe", for: staff)
            #expect(listed.items.map(\.id) == [second, first])
            #expect(throws: DomainError.self) { try PaymentRefunds.list(page: PageRequest(), status: "lost", for: staff) }
        }
    }
}
