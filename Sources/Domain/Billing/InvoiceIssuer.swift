import Foundation
import Postgres

/// Issuing: a draft gets its totals and tax from its items (`TaxCalculation`, `InvoiceTaxRule`),
/// the next number of its year, and a snapshot of its seller and buyer, in the caller's
/// transaction. The year's counter row stays locked until that transaction ends, so numbers are
/// gapless (a rollback gives the number back) and never reused. The render of its PDF is queued in
/// the same transaction (`InvoicePDFQueue`), so every issued invoice gets one, and so is its email
/// to the customer (`BillingNotices`).
enum InvoiceIssuer {
    /// Issues draft `invoiceID` on `today`, due on `dueDate` (default: its earliest period start,
    /// else `today`), and applies the customer's credit to it when the setting says so. Returns its
    /// number and status (`paid` at once when the total is 0.00 or credit covered it), or nil
    /// when the draft has no items (it is deleted).
    @discardableResult
    static func issue(
        _ invoiceID: Int, today: CalendarDay, dueDate: CalendarDay? = nil, settings: BillingSettings, on connection: PostgresConnection
    ) throws -> (number: String, status: InvoiceStatus)? {
        precondition(connection.inTransaction, "issue inside the transaction that made the draft")
        let sums = try connection.query(
            "SELECT count(*) AS n, coalesce(sum(amount), 0) AS subtotal, min(period_start) AS first_start FROM invoice_items WHERE invoice_id = $1",
            [invoiceID])[0]
        guard try sums.decode(Int.self, "n") > 0 else {
            try connection.query("DELETE FROM invoices WHERE id = $1 AND status = 'draft'", [invoiceID])
            return nil
        }
        let items = try sums.decode(Money.self, "subtotal")
        let firstStart = try sums.decode(CalendarDay?.self, "first_start")
        let due = max(today, dueDate ?? firstStart ?? today)
        let sequence = try connection.query(
            """
            INSERT INTO invoice_number_counters AS c (year, last_number) VALUES ($1, 1)
            ON CONFLICT (year) DO UPDATE SET last_number = c.last_number + 1 RETURNING last_number
            """, [today.year])[0].decode(Int.self, "last_number")
        let number = settings.invoicePrefix + String(today.year) + "-" + String(format: "%06d", sequence)
        // The invoice keeps who sold, who bought and the tax as they are now (an issued invoice never changes).
        let buyer = try InvoiceBuyer.load(invoiceID: invoiceID, on: connection)
        let rate = try TaxRates.applicable(country: buyer.details.country, region: buyer.details.region, on: connection)
        let rule = InvoiceTaxRule(buyer: buyer.details, sellerCountry: settings.seller.country, applicable: rate.map { ($0.name, $0.rate) })
        let amounts = TaxCalculation(items: items, rate: rule.rate, pricesIncludeTax: settings.pricesIncludeTax)
        let total = amounts.total
        let issued = try connection.query(
            """
            UPDATE invoices SET status = CASE WHEN \(total)::numeric = 0 THEN 'paid' ELSE 'unpaid' END, number = \(number),
                   number_year = \(today.year), number_seq = \(sequence), issue_date = \(today), due_date = \(due), subtotal = \(amounts.subtotal),
                   tax = \(amounts.tax), total = \(total), amount_due = \(total), paid_at = CASE WHEN \(total)::numeric = 0 THEN now() END,
                   seller = \(settings.seller)::jsonb, buyer = \(buyer)::jsonb, tax_name = \(rule.name), tax_rate = \(rule.rate),
                   tax_note = \(rule.note), prices_include_tax = \(settings.pricesIncludeTax)
            WHERE id = \(invoiceID) AND status = 'draft'
            """)
        guard issued.affectedRows == 1 else { throw DomainError.conflict("Invoice \(invoiceID) is not a draft.") }
        try InvoicePDFQueue.enqueue(invoiceID: invoiceID, on: connection)
        var credited = false
        if total.cents > 0 && settings.applyCreditAutomatically {
            credited = try CreditLedger.applyOnIssue(invoiceID: invoiceID, today: today, on: connection)
        }
        try WebhookEvents.emit("invoice.issued", key: String(invoiceID), data: ["invoice_id": invoiceID], on: connection)
        try BillingNotices.invoiceIssued(invoiceID, on: connection)  // after credit, so the email says what is still due
        return (number, total.cents == 0 || credited ? .paid : .unpaid)
    }
}
