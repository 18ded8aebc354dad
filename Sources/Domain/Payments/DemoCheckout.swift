import Foundation
import Postgres

/// The demo gateway's payment page (`/pay/demo/{session}`): anyone holding the unguessable
/// session id sees the amount and may pay or decline, as on a hosted payment page. Paying only
/// queues the gateway's notification (`demo_gateway_deliveries`); the payment is recorded when
/// that notification comes back through `POST /webhooks/demo` and is applied.
public enum DemoCheckout {
    /// What the payment page shows.
    public struct Page: Sendable {
        public var session: CheckoutSessionRecord
        public var invoiceNumber: String
        public var declines: Bool
    }

    /// The page of open-or-finished session `gatewaySessionID`; not found for an unknown one.
    public static func page(gatewaySessionID: String, on connection: PostgresConnection) throws -> Page {
        guard let session = try CheckoutSessions.find(gateway: "demo", gatewaySessionID: gatewaySessionID, on: connection),
              let invoice = try Invoices.find(id: session.invoiceID, on: connection),
              let settings = try PaymentGateways.settings(named: "demo", on: connection), settings.enabled
        else { throw DomainError.notFound("No such payment.") }
        return Page(session: session, invoiceNumber: invoice.number ?? "#\(invoice.id)", declines: settings.flag("decline"))
    }

    /// "Pay": queues the signed notification (twice, or late, as the settings say) — or declines
    /// when the gateway is set to; returns where the customer goes back to.
    public static func pay(gatewaySessionID: String, origin: RequestOrigin, on connection: PostgresConnection) throws -> String {
        try connection.transaction { connection in
            let page = try page(gatewaySessionID: gatewaySessionID, on: connection)
            guard let session = try CheckoutSessions.find(gateway: "demo", gatewaySessionID: gatewaySessionID, on: connection, lock: true),
                  session.status == .open else { return page.session.returnPath }
            let settings = try PaymentGateways.settings(named: "demo", on: connection)!
            if settings.flag("decline") { return try decline(session, origin: origin, on: connection) }
            let already = try connection.query("SELECT 1 FROM demo_gateway_deliveries WHERE checkout_session_id = $1", [session.id]).count > 0
            if !already {
                let eventID = "evt_demo_\(try SecureRandom.token(byteCount: 12))"
                let delay = max(0, min(3600, settings.number("delay_seconds")))
                for _ in 0..<(settings.flag("send_twice") ? 2 : 1) {
                    try connection.query(
                        """
                        INSERT INTO demo_gateway_deliveries (checkout_session_id, event_id, run_after)
                        VALUES (\(session.id), \(eventID), now() + make_interval(secs => \(delay)))
                        """)
                }
            }
            return session.returnPath
        }
    }

    /// "Decline": the session is declined; nothing is recorded.
    public static func decline(gatewaySessionID: String, origin: RequestOrigin, on connection: PostgresConnection) throws -> String {
        try connection.transaction { connection in
            _ = try page(gatewaySessionID: gatewaySessionID, on: connection)
            let session = try CheckoutSessions.find(gateway: "demo", gatewaySessionID: gatewaySessionID, on: connection, lock: true)!
            guard session.status == .open else { return session.returnPath }
            return try decline(session, origin: origin, on: connection)
        }
    }

    private static func decline(_ session: CheckoutSessionRecord, origin: RequestOrigin, on connection: PostgresConnection) throws -> String {
        try connection.query("UPDATE checkout_sessions SET status = 'declined' WHERE id = $1 AND status = 'open'", [session.id])
        try AuditLog.record(on: connection, actor: .selfService, action: "checkout.declined", targetType: "invoice",
                            targetID: String(session.invoiceID), origin: origin)
        return session.returnPath
    }
}
