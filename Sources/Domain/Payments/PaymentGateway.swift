import Foundation

/// A payment gateway module, like a provisioning module: a name, settings (`GatewaySettings`,
/// secrets sealed) and a small protocol — start a payment for an invoice, verify a notification.
/// Built in: `manual` (bank transfer) and `demo`; `stripe` plugs in as one more conformance.
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
    /// Returns `amount` of payment `transaction` to the payer: the gateway's refund, or throws
    /// `GatewayRefundRefusal` with the gateway's reason when it refuses (nothing moved). Any other
    /// error means the outcome is unknown (`PaymentRefunds` then keeps the refund pending).
    /// `secretKey` is the gateway's API key, opened (nil when none is set). `key` names the refund
    /// (`refund-<id>`) on every ask, so a gateway that honours idempotency keys answers a re-ask
    /// with the refund it already made instead of making a second.
    func refund(transaction: PaymentRecords.Transaction, amount: Money, settings: GatewaySettings, secretKey: String?, key: String) throws -> GatewayRefund
}

/// A refund the gateway made: its own id for it, and a note for staff.
public struct GatewayRefund: Sendable, Equatable {
    public var refundID: String
    public var note: String
}

/// The gateway refused a refund, in its own words; no money moved.
public struct GatewayRefundRefusal: Error, Sendable, Equatable {
    public var reason: String
}

/// What a gateway needs to start a payment.
public struct Checkout: Sendable {
    /// The portal's checkout session id (also the customer's return marker).
    public var sessionID: String
    public var invoiceID: Int
    /// The invoice's number as the customer knows it (`#id` while it has none).
    public var invoiceNumber: String
    public var amount: Money
    public var currency: String
    /// Where the customer comes back to afterwards (a path on the portal).
    public var returnPath: String
    /// The portal's public address (`VPS_BASE_URL`), for gateways that need absolute return URLs.
    public var portalURL: String?
    /// The gateway's API key, opened (nil when none is set or none was asked for).
    public var secretKey: String?
}

/// A started payment: where the customer goes, and the gateway's id of it.
public struct CheckoutStart: Sendable, Equatable {
    public var url: String
    public var gatewaySessionID: String
}

/// A verified notification, read.
public struct GatewayEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Money was taken (Stripe's `checkout.session.completed` with `payment_status` paid, or
        /// `payment_intent.succeeded` of an automatic charge: no session, `invoiceID` and `attempt` instead).
        case paymentSucceeded = "payment_succeeded"
        /// A hosted "add a card" page finished (`checkout.session.completed` in `setup` mode): save the card.
        case setupCompleted = "setup_completed"
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
    /// An automatic charge's invoice and attempt number (from the payment intent's metadata).
    public var invoiceID: Int? = nil
    public var attempt: Int? = nil
    /// The setup intent of a finished card setup (Stripe's `setup_intent`).
    public var setupIntentID: String? = nil
}
