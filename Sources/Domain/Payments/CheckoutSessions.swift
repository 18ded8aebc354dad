import Foundation
import Postgres

/// Starting a payment for an invoice and reading how it went.
public enum CheckoutSessions {
    /// The invoice's owner (or staff) starts paying unpaid invoice `invoiceID` with `gateway`
    /// (enabled); returns the session and the URL to send the customer to. `gateways` opens the
    /// gateway's API key and knows the portal's address (needed by `stripe`). The gateway is
    /// asked outside any transaction: when it does not answer, nothing is stored.
    public static func start(invoiceID: Int, gateway name: String, by caller: Caller,
                             gateways: PaymentGateways? = nil) throws -> (session: CheckoutSessionRecord, url: String) {
        let invoice = try Invoices.visible(id: invoiceID, to: caller)
        guard let module = PaymentGateways.module(named: name),
              let settings = try PaymentGateways.settings(named: name, on: caller.connection), settings.enabled else {
            throw DomainError.invalid("gateway", "is not an enabled payment gateway")
        }
        guard invoice.status.takesPayments, invoice.amountDue.cents > 0 else {
            throw DomainError.conflict("The invoice is \(invoice.status.rawValue); there is nothing to pay.")
        }
        let id = try SecureRandom.token(byteCount: 18)
        let checkout = Checkout(sessionID: id, invoiceID: invoice.id, invoiceNumber: invoice.number ?? "#\(invoice.id)", amount: invoice.amountDue,
                                currency: invoice.currency, returnPath: "/my/invoices/\(invoice.id)?checkout=\(id)",
                                portalURL: gateways?.baseURL, secretKey: try gateways?.apiKey(of: name, on: caller.connection))
        let started = try module.startCheckout(checkout, settings: settings)
        return try caller.connection.transaction { connection in
            let row = try connection.query(
                """
                INSERT INTO checkout_sessions (id, invoice_id, customer_id, gateway, gateway_session_id, amount, currency)
                VALUES (\(id), \(invoice.id), \(invoice.customerID), \(name), \(started.gatewaySessionID), \(invoice.amountDue), \(invoice.currency))
                RETURNING \(unescaped: CheckoutSessionRecord.columns)
                """)[0]
            let session = try CheckoutSessionRecord(row: row)
            try AuditLog.record(on: connection, actor: caller.actor, action: "checkout.started", targetType: "invoice",
                                targetID: String(invoice.id), after: session, origin: caller.origin)
            return (session, started.url)
        }
    }

    /// Session `id` of invoice `invoiceID`, if `caller` may see the invoice; nil otherwise.
    public static func visible(id: String, invoiceID: Int, to caller: Caller) throws -> CheckoutSessionRecord? {
        let invoice = try Invoices.visible(id: invoiceID, to: caller)
        return try caller.connection.query(
            "SELECT \(unescaped: CheckoutSessionRecord.columns) FROM checkout_sessions WHERE id = \(id) AND invoice_id = \(invoice.id)")
            .firstRow.map(CheckoutSessionRecord.init(row:))
    }

    /// The session the gateway knows as `gatewaySessionID`.
    static func find(gateway: String, gatewaySessionID: String, on connection: PostgresConnection, lock: Bool = false) throws -> CheckoutSessionRecord? {
        try connection.query(
            """
            SELECT \(unescaped: CheckoutSessionRecord.columns) FROM checkout_sessions
            WHERE gateway = \(gateway) AND gateway_session_id = \(gatewaySessionID) \(unescaped: lock ? "FOR UPDATE" : "")
            """).firstRow.map(CheckoutSessionRecord.init(row:))
    }
}
