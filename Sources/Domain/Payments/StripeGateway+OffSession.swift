import Foundation

extension StripeGateway: OffSessionCharging {
    /// An off-session payment intent (`POST /v1/payment_intents`, `off_session` and `confirm`)
    /// under Stripe's `Idempotency-Key`; a 402 `card_error` (or any refusal) is `.declined` with
    /// Stripe's message.
    func charge(_ charge: OffSessionCharge, settings: GatewaySettings, secretKey: String?) throws -> OffSessionChargeOutcome {
        let form: [(String, String)] = [
            ("amount", String(charge.amount.cents)), ("currency", charge.currency.lowercased()),
            ("customer", charge.gatewayCustomerID), ("payment_method", charge.gatewayMethodID),
            ("off_session", "true"), ("confirm", "true"),
            ("metadata[invoice_id]", String(charge.invoiceID)), ("metadata[attempt]", String(charge.attempt)),
        ]
        let intent: Intent
        do {
            intent = try StripeAPI(settings: settings, secretKey: secretKey).post("/v1/payment_intents", form, idempotencyKey: charge.idempotencyKey)
        } catch let refusal as StripeAPI.Refusal {
            return .declined(reason: String(refusal.message.prefix(500)))
        }
        switch intent.status {
        case "succeeded":
            return .succeeded(transactionID: intent.id, amount: Money(cents: intent.amountReceived ?? intent.amount ?? 0),
                              currency: (intent.currency ?? charge.currency).uppercased())
        case "requires_payment_method", "requires_action", "requires_confirmation", "canceled":
            return .declined(reason: "The card needs its holder (Stripe: \(intent.status)).")
        default:
            return .processing(transactionID: intent.id)
        }
    }

    private struct Intent: Decodable {
        var id: String
        var status: String
        var amount: Int64?
        var amountReceived: Int64?
        var currency: String?
        enum CodingKeys: String, CodingKey { case id, status, amount, currency, amountReceived = "amount_received" }
    }
}
