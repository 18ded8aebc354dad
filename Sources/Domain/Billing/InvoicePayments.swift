import Foundation
import Postgres

/// Payments on invoices: a partial payment lowers the amount due; the one that brings it to
/// zero marks the invoice paid (an overpayment's excess goes in as the customer's credit) and applies what paying it means — an order's servers handed to
/// provisioning, renewed services' due dates moved — in the same transaction.
public struct InvoicePayments: Sendable {
    public let twoFactor: TwoFactor

    public init(twoFactor: TwoFactor) {
        self.twoFactor = twoFactor
    }

    /// A staff member records a payment (2FA step-up); returns the invoice after it.
    public func record(
        invoiceID: Int, amount: Money, method: String, reference: String, by caller: Caller, code: String?, at moment: Date = Date()
    ) throws -> Invoice {
        let staff = try caller.staff()
        guard amount.cents > 0 else { throw DomainError.invalid("amount", "must be more than 0.00") }
        let method = method.trimmingCharacters(in: .whitespaces)
        guard (1...40).contains(method.count) else { throw DomainError.invalid("method", "must be 1 to 40 characters") }
        guard method.lowercased() != "credit" else { throw DomainError.invalid("method", "credit is applied by the portal, not recorded") }
        guard reference.count <= 200 else { throw DomainError.invalid("reference", "must be at most 200 characters") }
        return try StepUp.run(on: caller.connection, actor: staff, code: code, twoFactor: twoFactor, origin: caller.origin,
                              action: "invoice.payment_recorded") { connection in
            let before = try InvoicePayments.apply(
                invoiceID: invoiceID, amount: amount, method: method, reference: reference, actor: Actor(staff), at: moment, on: connection)
            let after = try Invoices.find(id: invoiceID, on: connection)!
            try AuditLog.record(on: connection, actor: Actor(staff), action: "invoice.payment_recorded", targetType: "invoice",
                                targetID: String(invoiceID), before: before, after: after, origin: caller.origin)
            return after
        }
    }

    /// Records `amount` on unpaid invoice `invoiceID` (locked); returns the invoice as it was. The
    /// payment names the invoice's order; `orderID` is set when the order's own "mark paid" pays it.
    @discardableResult
    static func apply(
        invoiceID: Int, amount: Money, method: String, reference: String, orderID: Int? = nil, actor: Actor, at moment: Date,
        on connection: PostgresConnection
    ) throws -> Invoice {
        try connection.transaction { connection in
            guard let invoice = try Invoices.find(id: invoiceID, on: connection, lock: true) else { throw DomainError.notFound("No such invoice.") }
            guard invoice.status.takesPayments else {
                throw DomainError.conflict("The invoice is \(invoice.status.rawValue); it takes no payments.")
            }
            guard amount.cents > 0 else { throw DomainError.invalid("amount", "must be more than 0.00") }
            guard amount <= Money.maximum else { throw DomainError.invalid("amount", "is too large") }
            // An overpayment settles the invoice; its excess goes in as the customer's credit, in this transaction.
            let excess = amount > invoice.amountDue ? Money(cents: amount.cents - invoice.amountDue.cents) : .zero
            let amount = min(amount, invoice.amountDue)
            let today = try BillingSettings.load(on: connection).today(at: moment)
            let paymentID = try connection.query(
                """
                INSERT INTO payments (order_id, invoice_id, amount, currency, method, reference, recorded_by, paid_on)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
                """, [invoice.orderID, invoiceID, amount, invoice.currency, method, String(reference.prefix(200)), actor.userID, today]
            )[0].decode(Int.self, "id")
            if excess.cents > 0 {
                try CreditLedger.creditOverpayment(excess, invoice: invoice, paymentID: paymentID, actor: actor, on: connection)
            }
            let paid = try connection.query(
                """
                UPDATE invoices SET amount_due = amount_due - $2,
                       status = CASE WHEN amount_due - $2 = 0 THEN 'paid' ELSE status END,
                       paid_at = CASE WHEN amount_due - $2 = 0 THEN now() END
                WHERE id = $1 RETURNING status
                """, [invoiceID, amount])[0].decode(String.self, "status") == InvoiceStatus.paid.rawValue
            if paid {
                try WebhookEvents.emit("invoice.paid", key: String(invoiceID), data: [
                    "invoice_id": invoiceID, "customer_id": invoice.customerID, "order_id": invoice.orderID,
                ], on: connection)
                try settled(invoice, actor: actor, today: today, bumpOrderVersion: orderID == nil, on: connection)
            }
            try WebhookEvents.emit("payment.received", key: String(paymentID), data: [
                "payment_id": paymentID, "invoice_id": invoiceID, "customer_id": invoice.customerID, "amount": "\(amount)", "currency": invoice.currency,
            ], on: connection)
            try BillingNotices.paymentReceived(paymentID: paymentID, invoiceID: invoiceID, amount: amount, on: connection)
            return invoice
        }
    }

    /// What paying an invoice means: its order paid and handed over, its services renewed, a
    /// product change waiting for it applied, a suspension for non-payment lifted.
    /// `bumpOrderVersion` is false when the order's own "mark paid" makes the payment (it bumps the version itself).
    static func settled(_ invoice: Invoice, actor: Actor, today: CalendarDay, bumpOrderVersion: Bool, on connection: PostgresConnection) throws {
        if let orderID = invoice.orderID {
            let pending = try connection.query("SELECT 1 FROM orders WHERE id = $1 AND status = 'pending' FOR UPDATE", [orderID]).count == 1
            if pending {
                try OrderSettlement.complete(orderID: orderID, actor: actor, today: today, on: connection)
                if bumpOrderVersion {
                    try connection.query("UPDATE orders SET version = version + 1, updated_at = now() WHERE id = $1", [orderID])
                }
            }
        }
        try ServiceBilling.advance(invoiceID: invoice.id, today: today, on: connection)
        try ServiceProductChange.invoicePaid(invoiceID: invoice.id, actor: actor, on: connection)
        try OverdueSuspension.lift(afterPaying: invoice.id, today: today, on: connection)
    }
}
