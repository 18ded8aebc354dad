import Foundation
import Postgres

/// An invoice becomes overdue on the first day after its due date that it is still unpaid. The
/// billing tick marks it (`invoices.overdue_on`) and emits the webhook event `invoice.overdue` in
/// the same transaction, once per invoice, whether or not dunning notices are on. Concurrent ticks
/// skip each other's rows, and a marked invoice is never picked again.
enum InvoiceOverdue {
    static let batch = 500

    /// Marks the invoices overdue on `today`, a batch per transaction; how many it marked.
    static func mark(today: CalendarDay, on connection: PostgresConnection) throws -> Int {
        var marked = 0
        while true {
            let count = try connection.transaction { connection in
                let rows = try connection.query(
                    """
                    UPDATE invoices SET overdue_on = \(today) WHERE id IN (
                        SELECT id FROM invoices WHERE status = 'unpaid' AND overdue_on IS NULL AND due_date < \(today)::date
                        ORDER BY id LIMIT \(batch) FOR UPDATE SKIP LOCKED)
                    RETURNING id, customer_id, number, due_date, amount_due::text AS amount_due, currency
                    """)
                for row in rows {
                    let id = try row.decode(Int.self, "id")
                    try WebhookEvents.emit("invoice.overdue", key: String(id), data: [
                        "invoice_id": id, "customer_id": try row.decode(Int.self, "customer_id"), "number": try row.decode(String?.self, "number"),
                        "due_date": try row.decode(CalendarDay.self, "due_date").description, "amount_due": try row.decode(String.self, "amount_due"),
                        "currency": try row.decode(String.self, "currency"),
                    ], on: connection)
                }
                return rows.count
            }
            marked += count
            if count < batch { return marked }
        }
    }
}
