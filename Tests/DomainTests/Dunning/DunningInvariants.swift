@testable import Domain
import Foundation
import Postgres

/// What must hold after every simulated day (settings as `DunningSimulationTests.settings`).
struct DunningInvariants {
    let connection: PostgresConnection
    let exempt: Int

    func violations(today: CalendarDay) throws -> [String] {
        var problems: [String] = []
        func each(_ sql: PostgresQuery, _ what: String) throws {
            problems += try connection.query(sql).map { "\(what): \(try $0.decode(String.self, "what"))" }
        }
        // At most one reminder and one overdue notice per invoice and day; overdue notices as many as notice days reached while unpaid.
        try each("""
            SELECT invoice_id || ' ' || day || ' ' || split_part(step_key, ':', 1) AS what FROM dunning_steps
            WHERE step_key LIKE 'invoice.%' GROUP BY invoice_id, day, split_part(step_key, ':', 1) HAVING count(*) > 1
            """, "two notices on one day")
        try each("""
            SELECT i.id || ' has ' || (SELECT count(*) FROM dunning_steps d WHERE d.step_key LIKE 'invoice.overdue:' || i.id || ':%') AS what
            FROM invoices i WHERE i.status = 'unpaid' AND i.due_date < \(today)
              AND (SELECT count(*) FROM dunning_steps d WHERE d.step_key LIKE 'invoice.overdue:' || i.id || ':%')
                  <> (SELECT count(*) FROM unnest(ARRAY[1, 7, 14]) n WHERE \(today)::date - i.due_date >= n)
            """, "overdue notices not one per notice day reached")
        try each("""
            SELECT d.step_key AS what FROM dunning_steps d LEFT JOIN outbox_messages o ON o.event_key = d.step_key
            WHERE d.step_key NOT LIKE 'service.suspended:%' AND o.id IS NULL
            """, "a step without its message")
        // Suspended for non-payment only once its invoice was unpaid and overdue by 14 days plus grace (never the exempt
        // customer), and still suspended only while the service has an unpaid invoice past its due date (paying lifts it).
        try each("""
            SELECT d.step_key || ' on ' || d.day || ', due ' || i.due_date AS what
            FROM dunning_steps d JOIN invoices i ON i.id = d.invoice_id LEFT JOIN dunning_customers dc ON dc.customer_id = i.customer_id
            WHERE d.step_key LIKE 'service.suspended:%' AND d.day < i.due_date + 14 + coalesce(dc.grace_days, 0)
            """, "suspended too early")
        try each("""
            SELECT s.id || ' for invoice ' || s.suspended_invoice_id AS what FROM server_instances s
            WHERE s.suspended_for = 'overdue' AND s.status <> 'terminated' AND NOT EXISTS (
                SELECT 1 FROM invoices i JOIN invoice_items it ON it.invoice_id = i.id
                WHERE it.service_id = s.id AND i.status = 'unpaid' AND i.due_date < \(today))
            """, "still suspended with nothing overdue")
        try each("SELECT j.id::text AS what FROM jobs j JOIN server_instances s ON s.id = j.instance_id WHERE j.action = 'suspend' AND s.customer_id = \(exempt)",
                 "the exempt customer suspended")
        try each("""
            SELECT s.id::text AS what FROM server_instances s WHERE s.status = 'suspended' AND s.suspended_for <> 'overdue'
            """, "suspended for no reason")
        // Terminated only with a final warning at least 7 days before, after at least 30 days suspended.
        try each("""
            SELECT s.id || ' on ' || s.cancellation_date AS what FROM server_instances s
            WHERE EXISTS (SELECT 1 FROM jobs j WHERE j.instance_id = s.id AND j.action = 'terminate') AND NOT EXISTS (
                SELECT 1 FROM dunning_steps w JOIN dunning_steps p ON p.step_key = replace(w.step_key, 'termination_warning', 'suspended')
                WHERE w.service_id = s.id AND w.step_key LIKE 'service.termination_warning:%'
                  AND w.day <= s.cancellation_date - 7 AND p.day <= s.cancellation_date - 30)
            """, "terminated without the warning")
        return problems
    }
}
