import Foundation

/// `demo`: a simulated card gateway for `make run` and demos. Its payment page is served by the
/// portal (`/pay/demo/{session}`, no card numbers); "Pay" queues a notification that the job
/// runner signs and POSTs to `/webhooks/demo` (`DemoDeliveries`), verified exactly like Stripe's:
/// the same `Stripe-Signature` header and scheme, the same event shape.
///
/// Settings (`settings` JSON): `decline` (every payment is declined), `send_twice` (each
/// notification is delivered twice), `delay_seconds` (delivered that late, 0–3600).
struct DemoGateway: PaymentGateway {
    let name = "demo"
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
