import Foundation
import Postgres

/// An order's invoice: placing an order issues it (each line's first period and its setup fee).
enum OrderInvoices {
    /// Issues the first invoice of `orderID` at `moment`, in the order's transaction; returns its id.
    @discardableResult
    static func issue(orderID: Int, at moment: Date, on connection: PostgresConnection) throws -> Int {
        let settings = try BillingSettings.load(on: connection)
        let today = settings.today(at: moment)
        let invoiceID = try connection.query(
            "INSERT INTO invoices (customer_id, order_id, currency) SELECT customer_id, id, currency FROM orders WHERE id = $1 RETURNING id",
            [orderID])[0].decode(Int.self, "id")
        try connection.query(
            """
            INSERT INTO invoice_items (invoice_id, kind, description, order_item_id, period_start, period_end, quantity, unit_price, amount)
            SELECT $1, line.kind, line.description, i.id, line.period_start, line.period_end, i.quantity, line.price, line.price * i.quantity
            FROM order_items i JOIN products p ON p.id = i.product_id
            CROSS JOIN LATERAL (VALUES
                (0, 'new_service', p.name || ' (' || i.billing_cycle || ')', $2::date,
                 ($2::date + make_interval(months => CASE i.billing_cycle WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3 ELSE 12 END))::date,
                 i.unit_price),
                (1, 'setup_fee', 'Setup fee: ' || p.name, NULL, NULL, i.setup_fee)) AS line(position, kind, description, period_start, period_end, price)
            WHERE i.order_id = $3 AND (line.kind = 'new_service' OR i.setup_fee > 0)
            ORDER BY i.id, line.position
            """, [invoiceID, today, orderID])
        if try InvoiceIssuer.issue(invoiceID, today: today, dueDate: today, settings: settings, on: connection)?.status == .paid,
           let invoice = try Invoices.find(id: invoiceID, on: connection) {
            // Paid at once (by credit): paying the order's invoice is paying the order — its servers are handed over.
            try InvoicePayments.settled(invoice, actor: .system, today: today, bumpOrderVersion: true, on: connection)
        }
        return invoiceID
    }

    /// The order's open (unpaid) invoice, locked.
    static func open(orderID: Int, on connection: PostgresConnection) throws -> Int? {
        try connection.query(
            "SELECT id FROM invoices WHERE order_id = $1 AND status = 'unpaid' ORDER BY id DESC LIMIT 1 FOR UPDATE", [orderID]
        ).firstRow?.decode(Int.self, "id")
    }

    /// Cancels the order's unpaid invoice (order edited, cancelled or deleted); it keeps its number.
    /// An invoice with a partial payment on it is not cancelled under the payment: that is a conflict.
    /// Credit applied to it is given back to the customer's ledger.
    static func cancelOpen(orderID: Int, on connection: PostgresConnection) throws {
        let paidInPart = try connection.query(
            """
            SELECT 1 FROM invoices i WHERE i.order_id = $1 AND i.status = 'unpaid'
              AND EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id AND p.method <> 'credit')
            """, [orderID])
        guard paidInPart.isEmpty else {
            throw DomainError.conflict("The order's invoice has a payment recorded; settle it (or refund the payment) before changing the order.")
        }
        let cancelled = try connection.query(
            "UPDATE invoices SET status = 'cancelled', cancelled_at = now() WHERE order_id = $1 AND status IN ('draft', 'unpaid') RETURNING id",
            [orderID])
        for row in cancelled { try CreditLedger.returnApplied(invoiceID: try row.decode(Int.self, "id"), on: connection) }
    }
}
