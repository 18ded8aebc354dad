import Foundation

/// `manual`: bank transfer. Its "checkout" is the invoice itself, which shows the seller's bank
/// details and payment instructions (billing settings); staff record the payment when it arrives
/// (`POST /api/v1/invoices/{id}/payments`, 2FA). It receives no notifications. Its refund calls
/// nothing: staff send the money back themselves (a bank transfer); the portal records it.
struct ManualGateway: PaymentGateway {
    let name = "manual"

    func startCheckout(_ checkout: Checkout, settings: GatewaySettings) throws -> CheckoutStart {
        CheckoutStart(url: "/my/invoices/\(checkout.invoiceID)#invoice-bank", gatewaySessionID: "manual_\(checkout.sessionID)")
    }

    func verify(body: [UInt8], headers: [String: String], secret: String, now: Date) throws(WebhookSignature.Refusal) -> GatewayEvent {
        throw .badSignature
    }

    func readEvent(_ body: [UInt8]) throws(WebhookSignature.Refusal) -> GatewayEvent {
        throw .unreadableEvent
    }

    func refund(transaction: PaymentRecords.Transaction, amount: Money, settings: GatewaySettings, secretKey: String?, key: String) throws -> GatewayRefund {
        GatewayRefund(refundID: "manual_\(try SecureRandom.token(byteCount: 12))",
                      note: "No gateway call: staff send the money back outside the portal (bank transfer).")
    }
}
