import Foundation
import Postgres

/// What a customer owes: how many issued invoices are unpaid and their amount due per currency.
public struct AmountDue: Sendable, Equatable {
    public var unpaidInvoices: Int
    /// Amount due per currency, ordered by currency.
    public var amounts: [(currency: String, amount: Money)]

    public static func == (lhs: AmountDue, rhs: AmountDue) -> Bool {
        lhs.unpaidInvoices == rhs.unpaidInvoices && lhs.amounts.map(\.currency) == rhs.amounts.map(\.currency)
            && lhs.amounts.map(\.amount) == rhs.amounts.map(\.amount)
    }
}

extension Invoices {
    /// The caller's own unpaid invoices, counted and summed (staff: nothing of their own, so zero).
    public static func amountDue(for caller: Caller) throws -> AmountDue {
        let user = try caller.signedIn()
        guard !user.role.isStaff else { return AmountDue(unpaidInvoices: 0, amounts: []) }
        return try amountDue(customerID: user.id, on: caller.connection)
    }

    /// Customer `customerID`'s unpaid invoices, counted and summed (unscoped).
    static func amountDue(customerID: Int, on connection: PostgresConnection) throws -> AmountDue {
        let rows = try connection.query(
            """
            SELECT currency, count(*) AS n, sum(amount_due) AS due FROM invoices
            WHERE customer_id = $1 AND status = 'unpaid' GROUP BY currency ORDER BY currency
            """, [customerID])
        var due = AmountDue(unpaidInvoices: 0, amounts: [])
        for row in rows {
            due.unpaidInvoices += try row.decode(Int.self, "n")
            due.amounts.append((try row.decode(String.self, "currency"), try row.decode(Money.self, "due")))
        }
        return due
    }
}
