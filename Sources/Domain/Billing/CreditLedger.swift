import Foundation
import Postgres

/// Customer credit: an append-only ledger (`credit_entries`); the balance is the sum of a
/// customer's entries in a currency and is never stored on its own. Credit goes in from staff and
/// from overpayments; it is applied to invoices as they are issued (setting, default on) as a
/// negative entry plus an invoice payment of method `credit`, in the issuing transaction.
/// Applying credit takes a transaction-level advisory lock on the customer, so two applications
/// can never spend the same balance; entries that add credit need no lock (a sum is exact).
public struct CreditLedger: Sendable {
    static let lockClass: Int32 = 0x6372_6564
    /// The one currency credit is shown and added in unless another is asked for.
    public static let defaultCurrency = "EUR"

    public let twoFactor: TwoFactor

    public init(twoFactor: TwoFactor) {
        self.twoFactor = twoFactor
    }

    /// The customer's credit — staff any customer, a customer their own (anyone else: not found).
    public static func account(customerID: Int, currency: String = defaultCurrency, for caller: Caller) throws -> CreditAccount {
        _ = try caller.signedIn()
        guard caller.maySee(customerID: customerID),
              try caller.connection.query("SELECT 1 FROM users WHERE id = $1 AND role = 'customer'", [customerID]).count == 1 else {
            throw DomainError.notFound("No such customer.")
        }
        return try account(customerID: customerID, currency: currency, on: caller.connection)
    }

    static func account(customerID: Int, currency: String, on connection: PostgresConnection) throws -> CreditAccount {
        let entries = try connection.query(
            "SELECT \(CreditEntry.columns) FROM credit_entries WHERE customer_id = $1 AND currency = $2 ORDER BY id DESC",
            [customerID, currency]).map(CreditEntry.init(row:))
        let balance = try balance(customerID: customerID, currency: currency, on: connection)
        return CreditAccount(customerID: customerID, currency: currency, balance: balance, entries: entries)
    }

    /// The balance: the sum of the entries.
    static func balance(customerID: Int, currency: String, on connection: PostgresConnection) throws -> Money {
        try connection.query("SELECT coalesce(sum(amount), 0) AS balance FROM credit_entries WHERE customer_id = $1 AND currency = $2",
                             [customerID, currency])[0].decode(Money.self, "balance")
    }

    /// Staff add credit (2FA step-up, like recording a payment): `amount` more than 0.00, a reason.
    public func add(customerID: Int, amount: Money, reason: String, by caller: Caller, code: String?) throws -> CreditAccount {
        let staff = try caller.staff()
        guard amount.cents > 0 else { throw DomainError.invalid("amount", "must be more than 0.00") }
        guard amount <= Money.maximum else { throw DomainError.invalid("amount", "is too large") }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(reason.count) else { throw DomainError.invalid("reason", "must be 1 to 500 characters") }
        guard try caller.connection.query("SELECT 1 FROM users WHERE id = $1 AND role = 'customer'", [customerID]).count == 1 else {
            throw DomainError.notFound("No such customer.")
        }
        return try StepUp.run(on: caller.connection, actor: staff, code: code, twoFactor: twoFactor, origin: caller.origin,
                              action: "credit.added") { connection in
            let entry = try connection.query(
                """
                INSERT INTO credit_entries (customer_id, currency, amount, kind, reason, actor_id, actor_label)
                VALUES ($1, $2, $3, 'staff', $4, $5, $6) RETURNING \(CreditEntry.columns)
                """, [customerID, Self.defaultCurrency, amount, reason, staff.id, staff.email]).map(CreditEntry.init(row:))[0]
            try AuditLog.record(on: connection, actor: Actor(staff), action: "credit.added", targetType: "customer",
                                targetID: String(customerID), after: entry, origin: caller.origin)
            return try Self.account(customerID: customerID, currency: Self.defaultCurrency, on: connection)
        }
    }

    /// The excess of payment `paymentID` over what invoice `invoice` owed goes in as credit (in the payment's transaction).
    static func creditOverpayment(_ excess: Money, invoice: Invoice, paymentID: Int, actor: Actor, on connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO credit_entries (customer_id, currency, amount, kind, reason, invoice_id, payment_id, actor_id, actor_label)
            VALUES ($1, $2, $3, 'overpayment', $4, $5, $6, $7, $8)
            """, [invoice.customerID, invoice.currency, excess, "Overpayment of invoice \(invoice.number ?? String(invoice.id))", invoice.id,
                  paymentID, actor.userID, actor.label])
    }

    /// Gives back the credit applied to invoice `invoiceID`, being cancelled in the caller's
    /// transaction (once: a unique index per invoice). Its `credit` payment stays on the cancelled invoice as the record.
    static func returnApplied(invoiceID: Int, on connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO credit_entries (customer_id, currency, amount, kind, reason, invoice_id, actor_label)
            SELECT e.customer_id, e.currency, -e.amount, 'returned', 'Returned: invoice ' || coalesce(i.number, i.id::text) || ' cancelled',
                   e.invoice_id, 'system'
            FROM credit_entries e JOIN invoices i ON i.id = e.invoice_id WHERE e.invoice_id = $1 AND e.kind = 'applied'
            ON CONFLICT DO NOTHING
            """, [invoiceID])
    }

    /// Applies the customer's credit to just-issued unpaid invoice `invoiceID` (in the issuing
    /// transaction): min(balance, amount due) as a negative entry and a payment of method `credit`.
    /// Returns true when that paid the invoice in full.
    static func applyOnIssue(invoiceID: Int, today: CalendarDay, on connection: PostgresConnection) throws -> Bool {
        precondition(connection.inTransaction, "credit is applied in the issuing transaction")
        let row = try connection.query("SELECT customer_id, currency, number, amount_due FROM invoices WHERE id = $1 AND status = 'unpaid'",
                                       [invoiceID]).firstRow
        guard let row else { return false }
        let customerID = try row.decode(Int.self, "customer_id"), currency = try row.decode(String.self, "currency")
        let due = try row.decode(Money.self, "amount_due")
        // Cheap test first (most customers have no ledger); the lock then makes the balance read safe to spend.
        guard try connection.query("SELECT 1 FROM credit_entries WHERE customer_id = $1 AND currency = $2 LIMIT 1", [customerID, currency])
            .count == 1 else { return false }
        try connection.query("SELECT pg_advisory_xact_lock($1, $2::integer)", [lockClass, customerID])
        let balance = try balance(customerID: customerID, currency: currency, on: connection)
        let applied = min(balance, due)
        guard applied.cents > 0 else { return false }
        let paymentID = try connection.query(
            """
            INSERT INTO payments (order_id, invoice_id, amount, currency, method, reference, paid_on)
            SELECT order_id, id, $2, currency, 'credit', 'customer credit', $3 FROM invoices WHERE id = $1 RETURNING id
            """, [invoiceID, applied, today])[0].decode(Int.self, "id")
        try connection.query(
            """
            INSERT INTO credit_entries (customer_id, currency, amount, kind, reason, invoice_id, payment_id, actor_label)
            VALUES ($1, $2, $3, 'applied', $4, $5, $6, 'system')
            """, [customerID, currency, Money(cents: -applied.cents), "Applied to invoice \(try row.decode(String.self, "number"))", invoiceID,
                  paymentID])
        return try connection.query(
            """
            UPDATE invoices SET amount_due = amount_due - $2,
                   status = CASE WHEN amount_due - $2 = 0 THEN 'paid' ELSE status END,
                   paid_at = CASE WHEN amount_due - $2 = 0 THEN now() END
            WHERE id = $1 RETURNING status
            """, [invoiceID, applied])[0].decode(String.self, "status") == InvoiceStatus.paid.rawValue
    }
}
