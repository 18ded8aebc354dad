import Foundation

/// `stripe`: Stripe Checkout over its HTTP API (`OutboundHTTP`). Starting a payment creates a
/// Checkout Session (`POST {api_base}/v1/checkout/sessions`, the secret key as Bearer) and sends
/// the customer to its `url`; Stripe's `checkout.session.completed` notification, signed with the
/// endpoint's webhook secret, is verified and read exactly as the demo gateway's.
///
/// Settings: `api_base` (default `https://api.stripe.com`; tests point it at a fake), the secret
/// key in the sealed `api_key` column, the webhook secret in `webhook_secret`.
struct StripeGateway: PaymentGateway {
    let name = "stripe"
    static let defaultAPIBase = "https://api.stripe.com"

    func startCheckout(_ checkout: Checkout, settings: GatewaySettings) throws -> CheckoutStart {
        guard let portal = checkout.portalURL, !portal.isEmpty else {
            throw DomainError.conflict("Card payments need the portal's public address (VPS_BASE_URL); ask the administrator.")
        }
        let returnURL = portal + checkout.returnPath
        let form: [(String, String)] = [
            ("mode", "payment"),
            ("line_items[0][price_data][currency]", checkout.currency.lowercased()),
            ("line_items[0][price_data][unit_amount]", String(checkout.amount.cents)),
            ("line_items[0][price_data][product_data][name]", "Invoice \(checkout.invoiceNumber)"),
            ("line_items[0][quantity]", "1"),
            ("success_url", returnURL), ("cancel_url", returnURL),
            ("client_reference_id", checkout.sessionID),
            ("metadata[invoice_id]", String(checkout.invoiceID)), ("metadata[session]", checkout.sessionID),
        ]
        let session: Created = try StripeAPI(settings: settings, secretKey: checkout.secretKey).post("/v1/checkout/sessions", form)
        guard let url = session.url, url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw PaymentProviderUnavailable(answered: true, detail: "stripe: a checkout session without a url")
        }
        return CheckoutStart(url: url, gatewaySessionID: session.id)
    }

    func verify(body: [UInt8], headers: [String: String], secret: String, now: Date) throws(WebhookSignature.Refusal) -> GatewayEvent {
        try WebhookSignature.verify(header: headers[DemoGateway.signatureHeader], body: body, secret: secret, now: now)
        return try StripeStyleEvent.read(body)
    }

    func readEvent(_ body: [UInt8]) throws(WebhookSignature.Refusal) -> GatewayEvent {
        try StripeStyleEvent.read(body)
    }

    /// Refunds `amount` of the transaction's payment intent (`POST /v1/refunds`). Stripe saying
    /// no (unknown payment, more than was paid…) is a `GatewayRefundRefusal` with its message;
    /// no answer throws `PaymentProviderUnavailable` (the outcome is unknown, the refund stays pending).
    func refund(transaction: PaymentRecords.Transaction, amount: Money, settings: GatewaySettings, secretKey: String?, key: String) throws -> GatewayRefund {
        guard amount.cents > 0 else { throw GatewayRefundRefusal(reason: "the amount must be positive") }
        do {
            let refund: Created = try StripeAPI(settings: settings, secretKey: secretKey)
                .post("/v1/refunds", [("payment_intent", transaction.gatewayTransactionID), ("amount", String(amount.cents))], idempotencyKey: key)
            return GatewayRefund(refundID: refund.id, note: "Stripe refund \(refund.id) of \(transaction.gatewayTransactionID).")
        } catch let refusal as StripeAPI.Refusal {
            throw GatewayRefundRefusal(reason: refusal.message)
        }
    }

    /// The part of a created object (session or refund) the portal keeps.
    private struct Created: Decodable {
        var id: String
        var url: String?
    }
}
