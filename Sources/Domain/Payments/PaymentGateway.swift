import Foundation

/// A payment gateway module, like a provisioning module: a name, settings (`GatewaySettings`,
/// secrets sealed) and a small protocol — start a payment for an invoice, verify a notification.
/// Built in: `manual` (bank transfer) and `demo`; `stripe` plugs in as one more conformance.
///
/// Refunds are not part of the protocol yet: no built-in gateway refunds online (see README).
public protocol PaymentGateway: Sendable {
    /// The module's name, the `{gateway}` of `POST /webhooks/{gateway}`.
    var name: String { get }
    /// Where to send the customer to pay `checkout` (an absolute path or URL), and the
    /// gateway's own id for that payment.
    func startCheckout(_ checkout: Checkout, settings: GatewaySettings) throws -> CheckoutStart
    /// The event in a notification whose exact bytes are `body`, or why it is refused.
    func verify(body: [UInt8], headers: [String: String], secret: String, now: Date) throws(WebhookSignature.Refusal) -> GatewayEvent
    /// The event in a notification verified when it arrived (the job reads the stored bytes again).
    func readEvent(_ body: [UInt8]) throws(WebhookSignature.Refusal) -> GatewayEvent
}

/// What a gateway needs to start a payment.
public struct Checkout: Sendable {
    /// The portal's checkout session id (also the customer's return marker).
    public var sessionID: String
    public var invoiceID: Int
    public var amount: Money
    public var currency: String
    /// Where the customer comes back to afterwards (a path on the portal).
    public var returnPath: String
}

/// A started payment: where the customer goes, and the gateway's id of it.
public struct CheckoutStart: Sendable, Equatable {
    public var url: String
    public var gatewaySessionID: String
}

/// A verified notification, read.
public struct GatewayEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Money was taken (Stripe's `checkout.session.completed` with `payment_status` paid).
        case paymentSucceeded = "payment_succeeded"
        /// Anything else: stored, marked applied, changes nothing.
        case other
    }

    public var eventID: String
    public var type: String
    public var kind: Kind
    public var gatewaySessionID: String?
    public var transactionID: String?
    public var amount: Money?
    public var currency: String?
}
