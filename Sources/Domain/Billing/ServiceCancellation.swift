import Foundation
import Postgres

/// Cancelling a service (server). The owner or staff ask for it `immediate` or at the
/// `end_of_period` (its paid-through date). A pending request is recorded on the service
/// (`cancellation_when`, `cancellation_date`); the billing run bills no period starting on or after
/// that date and, when it reaches it, makes the service `cancelled`, queues its terminate job and
/// cancels its open renewal invoices. That effect is a compare-and-set update on the service
/// (`billing_status` → `cancelled`) in the transaction that queues the job, so it happens once.
/// `immediate` has that effect at once. Staff can revert a pending request before its date.
public enum ServiceCancellation {
    /// When a cancellation takes effect.
    public enum When: String, Sendable, CaseIterable {
        case endOfPeriod = "end_of_period", immediate
    }

    /// What a request did: the service's cancellation and, when it took effect, the terminate job.
    public struct Outcome: Sendable, Encodable {
        public var serviceID: Int
        public var when: String?
        public var effectiveDate: CalendarDay?
        public var billingStatus: String
        public var job: Job?

        enum CodingKeys: String, CodingKey {
            case when, job
            case serviceID = "service_id", effectiveDate = "effective_date", billingStatus = "billing_status"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(serviceID, forKey: .serviceID); try c.encode(when, forKey: .when)
            try c.encode(effectiveDate, forKey: .effectiveDate); try c.encode(billingStatus, forKey: .billingStatus)
            try c.encode(job, forKey: .job)
        }
    }

    /// The owner or staff ask to cancel server `instanceID` (others' ids: not found).
    public static func request(instanceID: Int, when: When, by caller: Caller, at moment: Date = Date()) throws -> Outcome {
        let user = try caller.signedIn()
        return try caller.connection.transaction { connection in
            guard let server = try Instances.find(id: instanceID, on: connection, lock: true), caller.maySee(customerID: server.customerID) else {
                throw DomainError.notFound("No such server.")
            }
            let row = try connection.query(
                "SELECT billing_status, cancellation_when, next_due_date FROM server_instances WHERE id = $1", [instanceID])[0]
            guard try row.decode(String.self, "billing_status") != "cancelled", server.status != .terminated else {
                throw DomainError.conflict("The server is already cancelled.")
            }
            if try row.decode(String?.self, "cancellation_when") != nil {
                throw DomainError.conflict("A cancellation of this server is already pending; staff can revert it.")
            }
            let today = try BillingSettings.load(on: connection).today(at: moment)
            let paidThrough = try row.decode(CalendarDay?.self, "next_due_date")
            let effective = when == .immediate ? today : max(today, paidThrough ?? today)
            try connection.query(
                """
                UPDATE server_instances SET cancellation_when = $2, cancellation_date = $3, cancellation_requested_at = now(),
                       cancellation_requested_by = $4
                WHERE id = $1
                """, [instanceID, when.rawValue, effective, user.id])
            var job: Job?
            if effective <= today { job = try takeEffect(instanceID: instanceID, actor: Actor(user), on: connection) }
            let outcome = try Self.outcome(instanceID: instanceID, job: job, on: connection)
            try AuditLog.record(on: connection, actor: Actor(user), action: "server.cancellation_requested", targetType: "server",
                                targetID: String(instanceID), after: outcome, origin: caller.origin)
            return outcome
        }
    }

    /// Staff revert a pending cancellation (one that has not taken effect).
    public static func revert(instanceID: Int, by caller: Caller) throws -> Outcome {
        let staff = try caller.staff()
        return try caller.connection.transaction { connection in
            guard try Instances.find(id: instanceID, on: connection, lock: true) != nil else { throw DomainError.notFound("No such server.") }
            let before = try outcome(instanceID: instanceID, job: nil, on: connection)
            guard before.when != nil, before.billingStatus != "cancelled" else {
                throw DomainError.conflict(before.billingStatus == "cancelled" ? "The cancellation has taken effect; it cannot be reverted."
                                                                                : "No cancellation of this server is pending.")
            }
            try connection.query(
                """
                UPDATE server_instances SET cancellation_when = NULL, cancellation_date = NULL, cancellation_requested_at = NULL,
                       cancellation_requested_by = NULL
                WHERE id = $1
                """, [instanceID])
            let after = try outcome(instanceID: instanceID, job: nil, on: connection)
            try AuditLog.record(on: connection, actor: Actor(staff), action: "server.cancellation_reverted", targetType: "server",
                                targetID: String(instanceID), before: before, after: after, origin: caller.origin)
            return after
        }
    }

    /// The billing run: every pending cancellation whose date has come takes effect, each in a
    /// transaction of its own; returns how many did. Rows another transaction holds are left for the next tick.
    static func takeDueEffects(today: CalendarDay, on connection: PostgresConnection) throws -> (done: Int, failures: [String]) {
        let due = try connection.query(
            """
            SELECT id FROM server_instances
            WHERE cancellation_when IS NOT NULL AND billing_status <> 'cancelled' AND cancellation_date <= $1 ORDER BY id
            """, [today]).map { try $0.decode(Int.self, "id") }
        var done = 0
        var failures: [String] = []
        for id in due {
            do {
                let took = try connection.transaction { connection -> Bool in
                    guard try connection.query(
                        "SELECT 1 FROM server_instances WHERE id = $1 AND billing_status <> 'cancelled' FOR UPDATE SKIP LOCKED", [id]).count == 1
                    else { return false }
                    _ = try takeEffect(instanceID: id, actor: .system, on: connection)
                    return true
                }
                if took { done += 1 }
            } catch {
                failures.append("cancellation of server \(id): \(error)")
            }
        }
        return (done, failures)
    }

    /// The effect, in the caller's transaction: the service `cancelled` (compare-and-set — only the
    /// transaction that changes it goes on), its unpaid renewal invoices from the cancellation date
    /// cancelled (and a pending upgrade's invoice with its change), and its terminate job queued when the server is built. Returns the job.
    static func takeEffect(instanceID: Int, actor: Actor, on connection: PostgresConnection) throws -> Job? {
        let changed = try connection.query(
            """
            UPDATE server_instances SET billing_status = 'cancelled', cancelled_at = coalesce(cancelled_at, now())
            WHERE id = $1 AND billing_status <> 'cancelled' AND cancellation_when IS NOT NULL RETURNING id
            """, [instanceID])
        guard changed.count == 1 else { return nil }
        // Its unpaid periods are those from its paid-through date on; an invoice with a payment on it is kept (staff settle it).
        let open = try connection.query(
            """
            SELECT i.id FROM invoices i
            WHERE i.status = 'unpaid' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id AND p.method <> 'credit')
              AND i.id IN (SELECT bp.invoice_id FROM billing_periods bp JOIN server_instances s ON s.id = bp.service_id
                           WHERE bp.service_id = $1 AND bp.period_start >= s.next_due_date)
                 OR i.id IN (SELECT invoice_id FROM service_product_changes WHERE service_id = $1 AND status = 'pending')
            ORDER BY i.id FOR UPDATE OF i
            """, [instanceID]).map { try $0.decode(Int.self, "id") }
        for invoiceID in open {
            try InvoiceCancellation.release(invoiceID: invoiceID, on: connection)
            try connection.query("UPDATE invoices SET status = 'cancelled', cancelled_at = now() WHERE id = $1", [invoiceID])
            try CreditLedger.returnApplied(invoiceID: invoiceID, on: connection)
            try ServiceProductChange.invoiceCancelled(invoiceID: invoiceID, on: connection)
        }
        guard let server = try Instances.find(id: instanceID, on: connection), ServerAction.terminate.allowedFrom.contains(server.status) else {
            return nil
        }
        let job = try Jobs.enqueue(.terminate, instance: server, requestedBy: actor, on: connection)
        try AuditLog.record(on: connection, actor: actor, action: "server.terminate_requested", targetType: "server",
                            targetID: String(instanceID), after: ["job": String(job.id), "reason": "cancellation"], origin: .commandLine)
        return job
    }

    static func outcome(instanceID: Int, job: Job?, on connection: PostgresConnection) throws -> Outcome {
        let row = try connection.query(
            "SELECT billing_status, cancellation_when, cancellation_date FROM server_instances WHERE id = $1", [instanceID])[0]
        return Outcome(serviceID: instanceID, when: try row.decode(String?.self, "cancellation_when"),
                       effectiveDate: try row.decode(CalendarDay?.self, "cancellation_date"),
                       billingStatus: try row.decode(String.self, "billing_status"), job: job)
    }
}
