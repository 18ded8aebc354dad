import Foundation
import Postgres

/// Suspension for non-payment and its lift. Dunning calls `suspend` for a service whose invoice
/// is overdue; the cause (`overdue`, and the invoice) is recorded with the suspend job. Paying an
/// invoice calls `lift` in the paying transaction: a service suspended for non-payment that has
/// no other overdue unpaid invoice gets exactly one unsuspend job. A staff suspension is never lifted.
public enum OverdueSuspension {
    /// Queues the suspension of service `instanceID` because invoice `invoiceID` is overdue; nil
    /// when there is nothing to do (not active, already suspended or suspending, or a staff suspension).
    @discardableResult
    public static func suspend(instanceID: Int, invoiceID: Int, origin: RequestOrigin, on connection: PostgresConnection) throws -> Job? {
        try connection.transaction { connection in
            guard let server = try Instances.find(id: instanceID, on: connection, lock: true) else { throw DomainError.notFound("No server \(instanceID).") }
            guard server.status == .active, server.suspendedFor.isEmpty, try openJob(.suspend, instanceID: instanceID, on: connection) == nil else {
                return nil
            }
            try connection.query("UPDATE server_instances SET suspended_for = 'overdue', suspended_invoice_id = \(invoiceID) WHERE id = \(instanceID)")
            let job = try Jobs.enqueue(.suspend, instance: server, requestedBy: .system, on: connection)
            try AuditLog.record(on: connection, actor: .system, action: "server.suspend_requested", targetType: "server", targetID: String(instanceID),
                                after: ["job": String(job.id), "cause": "overdue", "invoice": String(invoiceID)], origin: origin)
            return job
        }
    }

    /// After invoice `invoiceID` was paid (in its transaction): lifts the overdue suspension of each
    /// of its services that has no other overdue unpaid invoice. A suspend job that has not started
    /// is withdrawn; a suspended (or suspending) server gets one unsuspend job.
    static func lift(afterPaying invoiceID: Int, today: CalendarDay, on connection: PostgresConnection) throws {
        let services = try connection.query(
            """
            SELECT id FROM server_instances WHERE suspended_for = 'overdue' AND id IN (
                SELECT service_id FROM invoice_items WHERE invoice_id = \(invoiceID) AND service_id IS NOT NULL
                UNION SELECT service_id FROM billing_periods WHERE invoice_id = \(invoiceID))
            ORDER BY id FOR UPDATE
            """).map { try $0.decode(Int.self, "id") }
        let origin = RequestOrigin(address: "billing", userAgent: "payment", requestID: "invoice-\(invoiceID)")
        for id in services {
            if try stillOverdue(serviceID: id, today: today, on: connection) { continue }
            let withdrawn = try connection.query(
                """
                UPDATE jobs SET status = 'failed', finished_at = now(), last_error = 'withdrawn: the overdue invoice was paid'
                WHERE instance_id = \(id) AND action = 'suspend' AND status = 'queued' RETURNING id
                """).count
            guard let server = try Instances.find(id: id, on: connection) else { continue }
            let suspending = try openJob(.suspend, instanceID: id, on: connection) != nil
            var after: [String: String] = ["cause": "invoice \(invoiceID) paid"]
            if server.status == .suspended || suspending {
                if try openJob(.unsuspend, instanceID: id, on: connection) == nil {
                    let job = try Jobs.enqueue(.unsuspend, instance: server, requestedBy: .system, on: connection)
                    // A suspend still running finishes first; the unsuspend waits for it.
                    if suspending { try connection.query("UPDATE jobs SET run_after = now() + interval '1 minute' WHERE id = \(job.id)") }
                    after["job"] = String(job.id)
                }
            } else {
                try connection.query("UPDATE server_instances SET suspended_for = '', suspended_invoice_id = NULL WHERE id = \(id)")
            }
            if withdrawn > 0 { after["withdrawn_suspend_jobs"] = String(withdrawn) }
            try AuditLog.record(on: connection, actor: .system, action: "server.suspension_lifted", targetType: "server", targetID: String(id),
                                after: after, origin: origin)
        }
    }

    /// Whether service `serviceID` still has an unpaid invoice past its due date.
    private static func stillOverdue(serviceID: Int, today: CalendarDay, on connection: PostgresConnection) throws -> Bool {
        try connection.query(
            """
            SELECT 1 FROM invoices i JOIN invoice_items it ON it.invoice_id = i.id
            WHERE it.service_id = \(serviceID) AND i.status = 'unpaid' AND i.due_date < \(today) LIMIT 1
            """).count > 0
    }

    private static func openJob(_ action: ServerAction, instanceID: Int, on connection: PostgresConnection) throws -> Int? {
        try connection.query(
            "SELECT id FROM jobs WHERE instance_id = \(instanceID) AND action = \(action.rawValue) AND status IN ('queued', 'running') LIMIT 1"
        ).firstRow.map { try $0.decode(Int.self, "id") }
    }
}
