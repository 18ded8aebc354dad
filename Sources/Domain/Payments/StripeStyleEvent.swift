import Foundation

/// Reads a Stripe-shaped event body: `{"id","type","data":{"object":{…}}}`, where a completed
/// checkout session's object carries `mode` (`setup` for a saved card, with its `setup_intent`), `id` (the session), `payment_intent` (the transaction),
/// `amount_total` (minor units), `currency` (lower case) and `payment_status`.
/// The `demo` gateway sends exactly this shape, so `stripe` will read its events the same way.
/// A `payment_intent.succeeded` object (an automatic charge, `AutoPay`) carries `id` (the
/// intent: the transaction), `amount_received`, `currency` and `metadata` `invoice_id`/`attempt`;
/// intents without that metadata (those of checkout sessions) change nothing.
enum StripeStyleEvent {
    private struct Body: Decodable {
        struct DataField: Decodable { var object: Object }
        struct Object: Decodable {
            var id: String?
            var paymentIntent: String?
            var amountTotal: Int64?
            var currency: String?
            var paymentStatus: String?
            var amountReceived: Int64?
            var metadata: [String: String]?
            var mode: String?
            var setupIntent: String?
            enum CodingKeys: String, CodingKey {
                case id, currency, metadata, mode
                case paymentIntent = "payment_intent", amountTotal = "amount_total", paymentStatus = "payment_status",
                     amountReceived = "amount_received", setupIntent = "setup_intent"
            }
        }
        var id: String
        var type: String
        var data: DataField?
    }

    static func read(_ body: [UInt8]) throws(WebhookSignature.Refusal) -> GatewayEvent {
        guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(body)),
              (1...200).contains(decoded.id.count), decoded.type.count <= 100 else { throw .unreadableEvent }
        let object = decoded.data?.object
        var event = GatewayEvent(eventID: decoded.id, type: decoded.type, kind: .other, gatewaySessionID: object?.id,
                                 transactionID: object?.paymentIntent, amount: object?.amountTotal.map { Money(cents: $0) },
                                 currency: object?.currency?.uppercased())
        if decoded.type == "checkout.session.completed", object?.mode == "setup" {
            guard let intent = object?.setupIntent, (1...200).contains(intent.count), event.gatewaySessionID != nil else { throw .unreadableEvent }
            event.kind = .setupCompleted
            event.setupIntentID = intent
        } else if decoded.type == "checkout.session.completed", object?.paymentStatus == "paid" {
            guard let transaction = event.transactionID, !transaction.isEmpty, transaction.count <= 200,
                  event.gatewaySessionID != nil, let amount = event.amount, amount.cents >= 0, event.currency != nil
            else { throw .unreadableEvent }
            event.kind = .paymentSucceeded
        } else if decoded.type == "payment_intent.succeeded", let object, let invoice = object.metadata?["invoice_id"].flatMap({ Int($0) }),
                  let attempt = object.metadata?["attempt"].flatMap({ Int($0) }) {
            guard let intent = object.id, (1...200).contains(intent.count), let received = object.amountReceived, received >= 0,
                  event.currency != nil else { throw .unreadableEvent }
            event = GatewayEvent(eventID: decoded.id, type: decoded.type, kind: .paymentSucceeded, gatewaySessionID: nil, transactionID: intent,
                                 amount: Money(cents: received), currency: event.currency, invoiceID: invoice, attempt: attempt)
        }
        return event
    }
}
