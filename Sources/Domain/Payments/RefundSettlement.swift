import Foundation
import Postgres

/// Staff settle by hand a refund the gateway never clearly answered after the last ask (it
/// "needs attention"), 2FA step-up: `settle` with the refund id staff found at the gateway (the
/// credit note follows as for any completed refund), or `refuse` with why (nothing else changes).
public struct RefundSettlement: Sendable {
    public let twoFactor: TwoFactor

    public init(twoFactor: TwoFactor) {
        self.twoFactor = twoFactor
    }

    /// The gateway did refund: completes refund `refundID` with the gateway's refund id.
    public func settle(refundID: Int, gatewayRefundID: String, by caller: Caller, code: String?, at moment: Date = Date()) throws -> PaymentRefund {
        let gatewayRefundID = gatewayRefundID.trimmingCharacters(in: .whitespaces)
        guard (1...200).contains(gatewayRefundID.count) else { throw DomainError.invalid("gateway_refund_id", "must be 1 to 200 characters") }
        return try run(refundID: refundID, action: "payment.refund_settled", by: caller, code: code) { steps in
            try steps.complete(GatewayRefund(refundID: gatewayRefundID, note: "Settled by hand by \(steps.actor.label)."), at: moment)
        }
    }

    /// The gateway did not refund: marks refund `refundID` refused with `reason`.
    public func refuse(refundID: Int, reason: String, by caller: Caller, code: String?) throws -> PaymentRefund {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(reason.count) else { throw DomainError.invalid("reason", "must be 1 to 500 characters") }
        return try run(refundID: refundID, action: "payment.refund_refused", by: caller, code: code) { steps in
            _ = try steps.refuse(reason)
            return try Self.find(refundID, lock: false, on: steps.connection)!
        }
    }

    private func run(refundID: Int, action: String, by caller: Caller, code: String?, _ body: (RefundCompletion) throws -> PaymentRefund) throws
        -> PaymentRefund {
        let staff = try caller.staff()
        return try StepUp.run(on: caller.connection, actor: staff, code: code, twoFactor: twoFactor, origin: caller.origin, action: action) { connection in
            guard let refund = try Self.find(refundID, lock: true, on: connection) else { throw DomainError.notFound("No such refund.") }
            guard refund.needsAttention else {
                throw DomainError.conflict(refund.status == .pending
                    ? "Refund \(refundID) is still being asked at the gateway (next ask \(refund.retryAt.map { "\($0)" } ?? "")); settle it after the last ask."
                    : "Refund \(refundID) is already \(refund.status.rawValue).")
            }
            return try body(RefundCompletion(claim: refund, actor: Actor(staff), origin: caller.origin, connection: connection))
        }
    }

    static func find(_ id: Int, lock: Bool, on connection: PostgresConnection) throws -> PaymentRefund? {
        try connection.query("SELECT \(unescaped: PaymentRefund.columns) FROM payment_refunds WHERE id = \(id)\(unescaped: lock ? " FOR UPDATE" : "")")
            .firstRow.map(PaymentRefund.init(row:))
    }
}
