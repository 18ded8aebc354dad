import Foundation
import Postgres

/// Automatic renewal charges of a customer's saved card (off-session payments), run with a
/// clock by the billing tick after it has issued invoices (`vpsctl billing run`, the job runner).
///
/// Due work: an unpaid invoice whose due date has come, whose customer has an active card
/// chosen for automatic payment, gets attempt 1; a declined attempt whose `retry_on` has come
/// gets the next attempt; an attempt the gateway did not answer (`unknown`, or `pending` left by
/// a crash) is asked again once its `next_call_at` has come, with backoff.
///
/// Each attempt is claimed as a row and committed before the gateway is called (two runs, or a
/// repeated one, meet the row's unique keys and do nothing); the gateway's idempotency key is
/// `autopay-<row id>`, so asking again after silence or a crash can never charge twice. The
/// answer completes the row (`AutoPayCompletion`).
public enum AutoPay {
    /// A `pending` claim older than this was left by a run that died before the gateway answered.
    static let staleClaim: TimeInterval = 300

    /// Runs every charge due at `moment`; returns what happened.
    public static func run(at moment: Date, gateways: PaymentGateways, on connection: PostgresConnection) throws -> AutoPayReport {
        let today = try BillingSettings.load(on: connection).today(at: moment)
        var report = AutoPayReport()
        var claims: [Int] = []
        for row in try connection.query(
            """
            SELECT i.id, pm.id AS method_id, pm.gateway, coalesce(last.attempt, 0) + 1 AS attempt
            FROM invoices i
            JOIN saved_payment_methods pm ON pm.customer_id = i.customer_id AND pm.auto_pay AND pm.status = 'active'
            JOIN payment_gateways g ON g.name = pm.gateway AND g.enabled
            JOIN gateway_customers gc ON gc.customer_id = i.customer_id AND gc.gateway = pm.gateway
            LEFT JOIN LATERAL (SELECT attempt, status, retry_on FROM payment_attempts a WHERE a.invoice_id = i.id ORDER BY attempt DESC LIMIT 1)
                last ON true
            WHERE i.status = 'unpaid' AND i.amount_due > 0 AND i.due_date <= \(today)::date
              AND (last.attempt IS NULL OR (last.status = 'failed' AND last.retry_on <= \(today)::date))
            ORDER BY i.id
            """) {
            if let id = try connection.query(
                """
                INSERT INTO payment_attempts (invoice_id, customer_id, payment_method_id, gateway, attempt, amount, currency, calls, created_at)
                SELECT i.id, i.customer_id, \(try row.decode(Int.self, "method_id")), \(try row.decode(String.self, "gateway")),
                       \(try row.decode(Int.self, "attempt")), i.amount_due, i.currency, 1, \(moment)
                FROM invoices i WHERE i.id = \(try row.decode(Int.self, "id")) AND i.status = 'unpaid' AND i.amount_due > 0
                ON CONFLICT DO NOTHING RETURNING id
                """).firstRow?.decode(Int.self, "id") {
                claims.append(id)
            }
        }
        claims += try reclaimUnanswered(at: moment, on: connection)
        for id in claims {
            do {
                report.count(try AutoPayCompletion.call(attemptID: id, today: today, at: moment, gateways: gateways, on: connection))
            } catch {
                report.failures.append("attempt \(id): \(error)")
            }
        }
        return report
    }

    /// Claims again the attempts the gateway has not answered whose next call has come (or whose
    /// claim a dead run left `pending`): one more call counted, the next one pushed out by the
    /// backoff — so a run that dies again leaves them to be asked after the backoff, and two runs
    /// never ask at once.
    static func reclaimUnanswered(at moment: Date, on connection: PostgresConnection) throws -> [Int] {
        let stale = moment.addingTimeInterval(-staleClaim)
        var claimed: [Int] = []
        for row in try connection.query(
            """
            SELECT id, calls FROM payment_attempts
            WHERE (status = 'unknown' AND next_call_at <= \(moment)) OR (status = 'pending' AND created_at < \(stale)) ORDER BY id
            """) {
            let id = try row.decode(Int.self, "id"), calls = try row.decode(Int.self, "calls")
            if try connection.query(
                """
                UPDATE payment_attempts SET status = 'unknown', calls = calls + 1, next_call_at = \(moment.addingTimeInterval(backoff(calls: calls + 1)))
                WHERE id = \(id) AND calls = \(calls) AND status IN ('pending', 'unknown') RETURNING id
                """).count == 1 {
                claimed.append(id)
            }
        }
        return claimed
    }

    /// How long after call number `calls` went unanswered the gateway is asked again:
    /// 5 minutes, then three times longer each time, at most 6 hours.
    static func backoff(calls: Int) -> TimeInterval {
        min(6 * 3600, 300 * pow(3, Double(max(calls, 1) - 1)))
    }
}
