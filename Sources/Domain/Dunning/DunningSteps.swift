import Foundation
import Postgres

/// The steps of one dunning candidate, in its own transaction; each re-reads what it acts on
/// under a row lock, so a payment or another run that got there first leaves nothing to do.
enum DunningSteps {
    static let origin = RequestOrigin(address: "billing", userAgent: "dunning", requestID: "dunning")

    static func invoice(_ c: DunningCandidates.InvoiceCandidate, day: CalendarDay, settings: DunningSettings, report: inout DunningRunReport,
                        on connection: PostgresConnection) throws {
        guard try connection.query("SELECT 1 FROM invoices WHERE id = \(c.invoiceID) AND status = 'unpaid' FOR UPDATE").count == 1 else { return }
        let id = c.invoiceID
        if let days = c.reminderDays,
           try DunningNotices.send("invoice.reminder", key: "invoice.reminder:\(id):\(days)", invoiceID: id, days: days, day: day, on: connection) {
            report.reminders += 1
        }
        if let notice = c.notice, try DunningNotices.send(
            "invoice.overdue", key: "invoice.overdue:\(id):\(notice.number)", invoiceID: id, days: notice.days, day: day, on: connection) {
            report.notices += 1
        }
        guard c.warn || c.suspend else { return }
        let services = try connection.query(
            """
            SELECT DISTINCT s.id FROM invoice_items it JOIN server_instances s ON s.id = it.service_id
            WHERE it.invoice_id = \(id) AND s.status = 'active' AND s.billing_status <> 'cancelled' ORDER BY s.id
            """).map { try $0.decode(Int.self, "id") }
        for service in services {
            if try DunningNotices.send(
                "service.suspension_warning", key: "service.suspension_warning:\(service):\(id)", invoiceID: id, serviceID: service,
                days: settings.suspensionWarningDays, day: day, on: connection) {
                report.warnings += 1
            }
            guard c.suspend, try OverdueSuspension.suspend(instanceID: service, invoiceID: id, origin: origin, on: connection) != nil else { continue }
            // The suspension's day starts the termination clock (again, after staff lifted an earlier one).
            try connection.query(
                """
                INSERT INTO dunning_steps (step_key, invoice_id, service_id, day) VALUES (\("service.suspended:\(service):\(id)"), \(id), \(service), \(day))
                ON CONFLICT (step_key) DO UPDATE SET day = EXCLUDED.day
                """)
            report.suspensions += 1
        }
    }

    static func suspended(_ c: DunningCandidates.ServiceCandidate, day: CalendarDay, settings: DunningSettings, report: inout DunningRunReport,
                          on connection: PostgresConnection) throws {
        guard try connection.query(
            """
            SELECT 1 FROM server_instances s JOIN invoices i ON i.id = s.suspended_invoice_id AND i.status = 'unpaid'
            WHERE s.id = \(c.serviceID) AND s.suspended_for = 'overdue' AND s.status = 'suspended' AND s.billing_status <> 'cancelled'
            FOR UPDATE OF s
            """).count == 1 else { return }
        guard let warned = c.warnedOn else {
            if try DunningNotices.send(
                "service.termination_warning", key: "service.termination_warning:\(c.serviceID):\(c.invoiceID)", invoiceID: c.invoiceID,
                serviceID: c.serviceID, days: settings.terminationWarningDays, day: day, on: connection) {
                report.warnings += 1
            }
            return
        }
        guard warned.days(until: day) >= settings.terminationWarningDays, c.suspendedOn.days(until: day) >= settings.terminateAfterDays else { return }
        try connection.query(
            """
            UPDATE server_instances SET cancellation_when = 'immediate', cancellation_date = \(day)
            WHERE id = \(c.serviceID) AND billing_status <> 'cancelled'
            """)
        _ = try ServiceCancellation.takeEffect(instanceID: c.serviceID, actor: .system, on: connection)
        try AuditLog.record(on: connection, actor: .system, action: "server.terminated_for_nonpayment", targetType: "server",
                            targetID: String(c.serviceID), after: ["invoice": String(c.invoiceID), "suspended_on": c.suspendedOn.description],
                            origin: origin)
        report.terminations += 1
    }
}
