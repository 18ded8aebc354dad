import Foundation
import Postgres

/// The set-based selections of a dunning run: what each unpaid invoice and each overdue-suspended
/// service is due for on `day`, leaving out those whose due steps were all taken.
enum DunningCandidates {
    struct InvoiceCandidate {
        let invoiceID: Int
        /// The reminder's days-before-due value, when one is due.
        let reminderDays: Int?
        /// The overdue notice's number (1-based) and its days-overdue value, when one is due.
        let notice: (number: Int, days: Int)?
        let warn: Bool
        let suspend: Bool
    }

    struct ServiceCandidate {
        let serviceID: Int
        let invoiceID: Int
        let suspendedOn: CalendarDay
        let warnedOn: CalendarDay?
    }

    static func invoices(day: CalendarDay, settings: DunningSettings, on connection: PostgresConnection) throws -> [InvoiceCandidate] {
        let reminders = settings.reminderDays.map(String.init).joined(separator: ",")
        let notices = settings.overdueNoticeDays.map(String.init).joined(separator: ",")
        return try connection.query(
            """
            WITH r AS (SELECT unnest(string_to_array(\(reminders), ',')::integer[]) AS d),
                 o AS (SELECT unnest(string_to_array(\(notices), ',')::integer[]) AS d),
            c AS (
                SELECT i.id,                        CASE WHEN i.due_date > \(day)::date THEN (SELECT min(d) FROM r WHERE i.due_date - d <= \(day)::date) END AS reminder,
                       (SELECT count(*) FROM o WHERE \(day)::date - i.due_date >= d) AS notice_n,
                       (SELECT max(d) FROM o WHERE \(day)::date - i.due_date >= d) AS notice_d,
                       \(settings.suspendAfterDays) > 0 AND NOT coalesce(dc.exempt, false) AND
                         \(day)::date - i.due_date >= \(settings.suspendAfterDays) + coalesce(dc.grace_days, 0) AS suspend,
                       \(settings.suspendAfterDays) > 0 AND NOT coalesce(dc.exempt, false) AND
                         \(day)::date - i.due_date >= \(settings.suspendAfterDays) + coalesce(dc.grace_days, 0) - \(settings.suspensionWarningDays) AS warn
                FROM invoices i LEFT JOIN dunning_customers dc ON dc.customer_id = i.customer_id
                WHERE i.status = 'unpaid' AND i.due_date <= \(day)::date + (SELECT coalesce(max(d), 0) FROM r))
            SELECT c.* FROM c
            WHERE (c.reminder IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dunning_steps WHERE step_key = 'invoice.reminder:' || c.id || ':' || c.reminder))
               OR (c.notice_n > 0 AND NOT EXISTS (SELECT 1 FROM dunning_steps WHERE step_key = 'invoice.overdue:' || c.id || ':' || c.notice_n))
               OR ((c.warn OR c.suspend) AND EXISTS (
                    SELECT 1 FROM invoice_items it JOIN server_instances s ON s.id = it.service_id
                    WHERE it.invoice_id = c.id AND s.status = 'active' AND s.billing_status <> 'cancelled'
                      AND ((c.suspend AND s.suspended_for = '')
                           OR NOT EXISTS (SELECT 1 FROM dunning_steps WHERE step_key = 'service.suspension_warning:' || s.id || ':' || c.id))))
            ORDER BY c.id
            """).map { row -> InvoiceCandidate in
                let n = try row.decode(Int.self, "notice_n")
                let noticeDays = try row.decode(Int?.self, "notice_d")
                return InvoiceCandidate(invoiceID: try row.decode(Int.self, "id"), reminderDays: try row.decode(Int?.self, "reminder"),
                                        notice: noticeDays.map { (n, $0) },
                                        warn: try row.decode(Bool.self, "warn"), suspend: try row.decode(Bool.self, "suspend"))
            }
    }

    /// Services suspended for non-payment long enough for the final warning, not yet terminated.
    static func suspended(day: CalendarDay, settings: DunningSettings, on connection: PostgresConnection) throws -> [ServiceCandidate] {
        try connection.query(
            """
            SELECT s.id, s.suspended_invoice_id, st.day AS suspended_on, tw.day AS warned_on
            FROM server_instances s
            JOIN dunning_steps st ON st.step_key = 'service.suspended:' || s.id || ':' || s.suspended_invoice_id
            LEFT JOIN dunning_steps tw ON tw.step_key = 'service.termination_warning:' || s.id || ':' || s.suspended_invoice_id
            LEFT JOIN dunning_customers dc ON dc.customer_id = s.customer_id
            WHERE s.suspended_for = 'overdue' AND s.status = 'suspended' AND s.billing_status <> 'cancelled' AND NOT coalesce(dc.exempt, false)
              AND st.day <= \(day)::date - \(settings.terminateAfterDays - settings.terminationWarningDays)::integer
            ORDER BY s.id
            """).map {
                ServiceCandidate(serviceID: try $0.decode(Int.self, "id"), invoiceID: try $0.decode(Int.self, "suspended_invoice_id"),
                                 suspendedOn: try $0.decode(CalendarDay.self, "suspended_on"), warnedOn: try $0.decode(CalendarDay?.self, "warned_on"))
            }
    }
}
