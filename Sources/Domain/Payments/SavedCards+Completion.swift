import Foundation
import Postgres

extension SavedCards {
    /// Applies a finished hosted setup (`GatewayEvent.Kind.setupCompleted`) in the job's
    /// transaction: reads the saved card from the gateway (no answer throws, and the job retries
    /// with backoff), saves it once — the setup row is locked and the card is unique per gateway
    /// method — and makes it the automatic payment card when the customer has none. Returns a
    /// note for staff.
    static func complete(_ event: GatewayEvent, gateway: String, gateways: PaymentGateways?, on connection: PostgresConnection) throws -> String {
        guard let sessionID = event.gatewaySessionID, let setupIntent = event.setupIntentID else { return "ignored: a setup without an intent" }
        guard let setup = try connection.query(
            """
            SELECT id, customer_id, status FROM card_setup_sessions
            WHERE gateway = \(gateway) AND gateway_session_id = \(sessionID) FOR UPDATE
            """).firstRow else { throw DomainError.notFound("no card setup \(sessionID) for gateway \(gateway)") }
        let setupID = try setup.decode(String.self, "id"), customerID = try setup.decode(Int.self, "customer_id")
        guard try setup.decode(String.self, "status") == CardSetupStatus.open.rawValue else {
            return "duplicate: setup \(setupID) was applied before"
        }
        guard let gateways, let settings = try PaymentGateways.settings(named: gateway, on: connection) else {
            throw DomainError.conflict("the job runner cannot reach gateway \(gateway)")
        }
        let card = try StripeCards(settings: settings, secretKey: try gateways.apiKey(of: gateway, on: connection)).card(setupIntent: setupIntent)
        // The customer's gateway row serialises their setups, so "first card" is decided once.
        try connection.query("SELECT 1 FROM gateway_customers WHERE customer_id = \(customerID) AND gateway = \(gateway) FOR UPDATE")
        let saved = try connection.query(
            """
            INSERT INTO saved_payment_methods (customer_id, gateway, gateway_method_id, brand, last4, exp_month, exp_year, auto_pay)
            VALUES (\(customerID), \(gateway), \(card.methodID), \(card.brand), \(card.last4), \(card.expMonth), \(card.expYear),
                    NOT EXISTS (SELECT 1 FROM saved_payment_methods WHERE customer_id = \(customerID) AND auto_pay))
            ON CONFLICT (gateway, gateway_method_id) DO NOTHING RETURNING \(unescaped: SavedCard.columns)
            """).firstRow.map(SavedCard.init(row:))
        try connection.query("UPDATE card_setup_sessions SET status = 'saved' WHERE id = \(setupID)")
        guard let saved else { return "duplicate: card \(card.methodID) was saved before" }
        try AuditLog.record(on: connection, actor: .system, action: "card.saved", targetType: "customer", targetID: String(customerID),
                            after: saved, origin: RequestOrigin(address: "jobs", userAgent: "vpsctl jobs", requestID: "card-setup-\(setupID)"))
        return ""
    }
}
