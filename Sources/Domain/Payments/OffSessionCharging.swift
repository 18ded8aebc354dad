import Foundation

/// A gateway that can charge a saved payment method without the customer present (`stripe`):
/// what `AutoPay` needs besides the `PaymentGateway` protocol.
protocol OffSessionCharging: PaymentGateway {
    /// Charges `charge` once per `charge.idempotencyKey`: asked again with the same key, the
    /// gateway answers what it answered first and charges nothing more. A refusal is an answer
    /// (`.declined`); no answer throws (`PaymentProviderUnavailable`: the outcome is unknown).
    func charge(_ charge: OffSessionCharge, settings: GatewaySettings, secretKey: String?) throws -> OffSessionChargeOutcome
}

/// One automatic charge of a saved card for an invoice.
struct OffSessionCharge: Sendable {
    var invoiceID: Int
    var attempt: Int
    var amount: Money
    var currency: String
    /// The customer and the saved method as the gateway knows them.
    var gatewayCustomerID: String
    var gatewayMethodID: String
    var idempotencyKey: String
}

/// The gateway's answer to an `OffSessionCharge`.
enum OffSessionChargeOutcome: Sendable, Equatable {
    /// Money taken: the gateway's transaction id, what it says it took.
    case succeeded(transactionID: String, amount: Money, currency: String)
    /// Refused (declined card, the card needs its holder): the gateway's reason; nothing taken.
    case declined(reason: String)
    /// Taken in hand, not yet settled: its notification will say (asked again meanwhile).
    case processing(transactionID: String)
}
