import Foundation

/// `manual`: bank transfer. Its "checkout" is the invoice itself, which shows the seller's bank
/// details and payment instructions (billing settings); staff record the payment when it arrives
/// (`POST /api/v1/invoices/{id}/payments`, 2FA). It receives no notifications.
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
}
