import Postgres

/// The money side of a product change, in the change's transaction: the upgrade invoice, or the
/// downgrade credit.
enum ProductChangeBilling {
    /// Issues the upgrade invoice (due today; the customer's credit applied per setting); returns its id.
    static func invoice(
        _ quote: ProductChangeQuote, terms: ServiceTerms, today: CalendarDay, settings: BillingSettings, on connection: PostgresConnection
    ) throws -> Int {
        let invoiceID = try connection.query(
            "INSERT INTO invoices (customer_id, currency) VALUES ($1, $2) RETURNING id", [terms.customerID, terms.currency])[0].decode(Int.self, "id")
        for line in lines(quote, terms: terms, today: today) where line.amount.cents != 0 {
            try connection.query(
                """
                INSERT INTO invoice_items (invoice_id, kind, description, service_id, period_start, period_end, quantity, unit_price, amount)
                VALUES ($1, 'upgrade', $2, $3, $4, $5, 1, $6, $6)
                """, [invoiceID, String(line.description.prefix(500)), terms.serviceID, line.start, line.end, line.amount])
        }
        try InvoiceIssuer.issue(invoiceID, today: today, dueDate: today, settings: settings, on: connection)
        return invoiceID
    }

    /// Puts a downgrade's difference in the customer's credit; returns the entry's id.
    static func credit(_ quote: ProductChangeQuote, terms: ServiceTerms, actor: Actor, on connection: PostgresConnection) throws -> Int {
        try connection.query(
            """
            INSERT INTO credit_entries (customer_id, currency, amount, kind, reason, actor_id, actor_label)
            VALUES ($1, $2, $3, 'downgrade', $4, $5, $6) RETURNING id
            """, [terms.customerID, terms.currency, Money(cents: -quote.difference.cents),
                  String(summary(quote, terms: terms).prefix(500)), actor.userID, actor.label])[0].decode(Int.self, "id")
    }

    /// One line for the rest of the current period, one per later period already invoiced.
    static func lines(_ quote: ProductChangeQuote, terms: ServiceTerms, today: CalendarDay)
        -> [(description: String, start: CalendarDay, end: CalendarDay, amount: Money)] {
        let what = summary(quote, terms: terms)
        let perPeriod = Money(cents: quote.newAmount.cents - terms.recurringAmount.cents)
        let p = quote.proration
        return [("\(what), \(p.remainingDays) of \(p.periodDays) days (\(today) to \(p.periodEnd))", today, p.periodEnd, p.difference)]
            + quote.laterPeriods.map { ("\(what), invoiced period \($0.start) to \($0.end)", $0.start, $0.end, perPeriod) }
    }

    static func summary(_ quote: ProductChangeQuote, terms: ServiceTerms) -> String {
        let server = terms.hostname.isEmpty ? "server \(terms.serviceID)" : terms.hostname
        let kind = quote.difference.cents >= 0 ? "Upgrade" : "Downgrade"
        return "\(kind): \(server) from \(terms.productName.isEmpty ? "its product" : terms.productName) to \(quote.product.name) "
            + "(\(terms.recurringAmount) → \(quote.newAmount) \(terms.cycle.rawValue))"
    }
}
