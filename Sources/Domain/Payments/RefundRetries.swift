import Foundation
import Postgres

/// Refunds whose gateway call had no clear answer, asked again by the job runner: each ask moves
/// the refund's `retry_at` on (1, 5, 15, 60 minutes …) before calling, with the refund's own
/// idempotency key, so the gateway answers with the refund it made (or makes it now) — never a
/// second one. After the last try `retry_at` is NULL: the refund needs staff (`RefundSettlement`).
public struct RefundRetries: Sendable {
    /// Minutes before the next ask after ask n (n = 1 is the staff request); `tries` asks in all.
    static let delays = [1, 5, 15, 60, 180, 360, 720]
    public static var tries: Int { delays.count + 1 }
    /// The first retry time, set with the claim (a request that dies mid-call is asked again too).
    static let firstRetry = "interval '1 minute'"

    public let gateways: PaymentGateways?

    public init(gateways: PaymentGateways?) {
        self.gateways = gateways
    }

    /// Asks the gateway about the next refund due a retry; false when none is due.
    public func runNext(at moment: Date = Date(), on connection: PostgresConnection) throws -> Bool {
        guard let (claim, transaction) = try take(on: connection) else { return false }
        let origin = RequestOrigin(address: "jobs", userAgent: "vpsctl jobs", requestID: "refund-\(claim.id)")
        do {
            _ = try RefundCompletion(claim: claim, actor: .system, origin: origin, connection: connection).ask(transaction, gateways: gateways, at: moment)
        } catch let error as DomainError {
            Log.warning("refund \(claim.id), ask \(claim.attempts) of \(Self.tries): \(error)")
        }
        return true
    }

    /// Takes a due refund and records this ask (and the next one's time) before the gateway is called.
    private func take(on connection: PostgresConnection) throws -> (PaymentRefund, PaymentRecords.Transaction)? {
        try connection.transaction { connection in
            guard let row = try connection.query(
                """
                SELECT id, attempts FROM payment_refunds WHERE status = 'pending' AND retry_at <= now()
                ORDER BY retry_at, id FOR UPDATE SKIP LOCKED LIMIT 1
                """).firstRow else { return nil }
            let id = try row.decode(Int.self, "id"), ask = try row.decode(Int.self, "attempts") + 1
            let next: Int? = ask < Self.tries ? Self.delays[min(ask - 1, Self.delays.count - 1)] : nil
            let asked = try connection.query(
                """
                UPDATE payment_refunds SET attempts = \(ask), retry_at = now() + make_interval(mins => \(next ?? 0))
                WHERE id = \(id) RETURNING \(unescaped: PaymentRefund.columns)
                """).map(PaymentRefund.init(row:))[0]
            var claim = asked
            if next == nil {
                try connection.query("UPDATE payment_refunds SET retry_at = NULL WHERE id = \(id)")
                claim.retryAt = nil
            }
            let transaction = try connection.query(
                """
                SELECT \(unescaped: PaymentRecords.Transaction.columns) FROM payment_transactions t JOIN invoices i ON i.id = t.invoice_id
                WHERE t.id = \(asked.transactionID)
                """).map(PaymentRecords.Transaction.init(row:))[0]
            return (claim, transaction)
        }
    }
}
