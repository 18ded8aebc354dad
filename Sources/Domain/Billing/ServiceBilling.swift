import Postgres

/// Moves services' paid-through dates after a payment, and their billing state.
enum ServiceBilling {
    /// For every service billed on `invoiceID`: while the period starting at its `next_due_date`
    /// is on a paid invoice, moves `next_due_date` to that period's end. The update compares and
    /// sets the date, so a repeated call (or a retried payment) can never move it twice; a period
    /// paid ahead of an unpaid earlier one waits until that one is paid.
    static func advance(invoiceID: Int, today: CalendarDay, on connection: PostgresConnection) throws {
        while try connection.query(
            """
            UPDATE server_instances s SET next_due_date = bp.period_end
            FROM billing_periods bp JOIN invoices i ON i.id = bp.invoice_id AND i.status = 'paid'
            WHERE bp.service_id = s.id AND bp.period_start = s.next_due_date
              AND s.id IN (SELECT service_id FROM billing_periods WHERE invoice_id = $1)
            """, [invoiceID]).affectedRows > 0 {}
        try connection.query(
            """
            UPDATE server_instances SET billing_status = CASE WHEN next_due_date < $2 THEN 'overdue' ELSE 'current' END
            WHERE id IN (SELECT service_id FROM billing_periods WHERE invoice_id = $1) AND billing_status <> 'cancelled'
            """, [invoiceID, today])
    }

    /// Services whose paid-through date has passed become `overdue` (terminated servers, which the
    /// run no longer bills, stay as they are); returns how many. Rows a
    /// concurrent invoicing or payment holds are skipped (the next tick marks them), so this
    /// set-wide update never deadlocks with another run's per-customer transactions.
    static func markOverdue(today: CalendarDay, on connection: PostgresConnection) throws -> Int {
        try connection.query(
            """
            UPDATE server_instances SET billing_status = 'overdue'
            WHERE id IN (SELECT id FROM server_instances
                         WHERE billing_cycle IS NOT NULL AND billing_status = 'current' AND next_due_date < $1
                           AND status <> 'terminated'
                         ORDER BY id FOR UPDATE SKIP LOCKED)
            """, [today]).affectedRows
    }
}
