import Foundation
import Synchronization

/// `demo`: a simulated card gateway for `make run` and demos. Its payment page is served by the
/// portal (`/pay/demo/{session}`, no card numbers); "Pay" queues a notification that the job
/// runner signs and POSTs to `/webhooks/demo` (`DemoDeliveries`), verified exactly like Stripe's:
/// the same `Stripe-Signature` header and scheme, the same event shape.
///
/// Settings (`settings` JSON): `decline` (every payment is declined), `send_twice` (each
/// notification is delivered twice), `delay_seconds` (delivered that late, 0–3600),
/// `refuse_refunds` (every refund is refused, as a bank would for a disputed payment).
struct DemoGateway: PaymentGateway {
    let name = "demo"
    /// How many refunds this process's demo "bank" made, per gateway transaction id (tests count gateway calls).
    private static let refundsMade = Mutex<[String: Int]>([:])
    /// The refund made for each idempotency key.
    private static let refundsByKey = Mutex<[String: String]>([:])

    /// How many refunds of gateway transaction `id` this process's demo "bank" made.
    static func refunds(of id: String) -> Int {
        refundsMade.withLock { $0[id] ?? 0 }
    }
    /// The header carrying the signature: Stripe's, so the one verifier serves both.
    static let signatureHeader = "stripe-signature"

    func startCheckout(_ checkout: Checkout, settings: GatewaySettings) throws -> CheckoutStart {
        let session = "cs_demo_\(try SecureRandom.token(byteCount: 18))"
        return CheckoutStart(url: "/pay/demo/\(session)", gatewaySessionID: session)
    }

    func verify(body: [UInt8], headers: [String: String], secret: String, now: Date) throws(WebhookSignature.Refusal) -> GatewayEvent {
        try WebhookSignature.verify(header: headers[Self.signatureHeader], body: body, secret: secret, now: now)
        return try StripeStyleEvent.read(body)
    }

    func readEvent(_ body: [UInt8]) throws(WebhookSignature.Refusal) -> GatewayEvent {
        try StripeStyleEvent.read(body)
    }

    func refund(transaction: PaymentRecords.Transaction, amount: Money, settings: GatewaySettings, secretKey: String?, key: String) throws -> GatewayRefund {
        if settings.flag("refuse_refunds") {
            throw GatewayRefundRefusal(reason: "The demo bank refuses refunds (setting refuse_refunds).")
        }
        let made = try "re_demo_\(SecureRandom.token(byteCount: 12))"
        // Like Stripe, the same key (for this payment: keys are per portal database) answers with the refund already made.
        let key = "\(transaction.gatewayTransactionID) \(key)"
        let refundID = Self.refundsByKey.withLock { byKey in
            if let known = byKey[key] { return known }
            byKey[key] = made
            Self.refundsMade.withLock { $0[transaction.gatewayTransactionID, default: 0] += 1 }
            return made
        }
        return GatewayRefund(refundID: refundID, note: "Refunded by the demo gateway (no real money).")
    }

    /// The body the demo "bank" sends for a paid session.
    static func completedEvent(eventID: String, session: CheckoutSessionRecord) -> [UInt8] {
        let object: [String: JSONValue] = [
            "id": .string(session.gatewaySessionID), "object": .string("checkout.session"),
            "payment_intent": .string("pi_demo_\(session.id)"), "amount_total": .number(Double(session.amount.cents)),
            "currency": .string(session.currency.lowercased()), "payment_status": .string("paid"),
            "client_reference_id": .string(session.id),
        ]
        let event: JSONValue = .object(["id": .string(eventID), "object": .string("event"), "type": .string("checkout.session.completed"),
                                        "data": .object(["object": .object(object)])])
        return Array((try? JSONEncoder().encode(event)) ?? Data())
    }
}
