import Foundation

/// Reads a Stripe-shaped event body: `{"id","type","data":{"object":{…}}}`, where a completed
/// checkout session's object carries `mode` (`setup` for a saved card, with its `setup_intent`), `id` (the session), `payment_intent` (the transaction),
/// `amount_total` (minor units), `currency` (lower case) and `payment_status`.
/// The `demo` gateway sends exactly this shape, so `stripe` will read its events the same way.
enum StripeStyleEvent {
    private struct Body: Decodable {
        struct DataField: Decodable { var object: Object }
        struct Object: Decodable {
            var id: String?
            var paymentIntent: String?
            var amountTotal: Int64?
            var currency: String?
            var paymentStatus: String?
            var mode: String?
            var setupIntent: String?
            enum CodingKeys: String, CodingKey {
                case id, currency, mode
                case paymentIntent = "payment_intent", amountTotal = "amount_total", paymentStatus = "payment_status"
                case setupIntent = "setup_intent"
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
        }
        return event
    }
}
