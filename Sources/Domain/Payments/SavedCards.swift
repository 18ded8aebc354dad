import Foundation
import Postgres

/// A customer's saved cards (Stripe only, entered on Stripe's hosted page): adding one starts a
/// Checkout Session in `setup` mode; its completion notification saves the card once
/// (`SavedCards+Completion`); the owner lists, removes and chooses one for automatic payment.
public enum SavedCards {
    /// The gateways that can save cards.
    static let cardGateways: Set<String> = ["stripe"]

    /// The signed-in customer starts adding a card with `gateway`: makes their gateway customer
    /// once, then a hosted setup page. Returns our setup id and the URL to send them to. Stripe is
    /// asked outside any transaction: when it does not answer, only a winner's customer id is kept.
    public static func startSetup(by caller: Caller, gateway name: String, gateways: PaymentGateways) throws -> (setupID: String, url: String) {
        let user = try customer(caller)
        guard cardGateways.contains(name), let settings = try PaymentGateways.settings(named: name, on: caller.connection), settings.enabled else {
            throw DomainError.invalid("gateway", "is not an enabled gateway that saves cards")
        }
        guard let portal = gateways.baseURL, !portal.isEmpty else {
            throw DomainError.conflict("Saving cards needs the portal's public address (VPS_BASE_URL); ask the administrator.")
        }
        let stripe = try StripeCards(settings: settings, secretKey: try gateways.apiKey(of: name, on: caller.connection))
        let customerID = try gatewayCustomer(of: user, gateway: name, stripe: stripe, on: caller.connection)
        let setupID = try SecureRandom.token(byteCount: 18)
        let started = try stripe.startSetup(customer: customerID, returnURL: portal + returnPath(setupID), setupID: setupID)
        try caller.connection.transaction { connection in
            try connection.query(
                """
                INSERT INTO card_setup_sessions (id, customer_id, gateway, gateway_session_id)
                VALUES (\(setupID), \(user.id), \(name), \(started.gatewaySessionID))
                """)
            try AuditLog.record(on: connection, actor: caller.actor, action: "card.setup_started", targetType: "customer",
                                targetID: String(user.id), after: ["gateway": name, "setup": setupID], origin: caller.origin)
        }
        return (setupID, started.url)
    }

    /// Where the customer comes back to from the hosted page.
    public static func returnPath(_ setupID: String) -> String { "/my/account/payment-methods?setup=\(setupID)" }

    /// How the caller's own setup `setupID` ended; nil when there is no such setup of theirs.
    public static func setupStatus(_ setupID: String, for caller: Caller) throws -> CardSetupStatus? {
        let user = try customer(caller)
        return try caller.connection.query(
            "SELECT status FROM card_setup_sessions WHERE id = \(setupID) AND customer_id = \(user.id)"
        ).firstRow.flatMap { CardSetupStatus(rawValue: try $0.decode(String.self, "status")) }
    }

    /// Active cards of the caller (a customer) or of customer `customerID` (staff), oldest first.
    public static func list(customerID: Int? = nil, for caller: Caller) throws -> [SavedCard] {
        guard let owner = try caller.customerScope(requested: customerID) else { throw DomainError.invalid("customer_id", "is required") }
        guard try caller.connection.query("SELECT 1 FROM users WHERE id = \(owner) AND role = 'customer'").count == 1 else {
            throw DomainError.notFound("No such customer.")
        }
        return try caller.connection.query(
            "SELECT \(unescaped: SavedCard.columns) FROM saved_payment_methods WHERE customer_id = \(owner) AND status = 'active' ORDER BY id"
        ).map(SavedCard.init(row:))
    }

    /// The signed-in customer (staff have no cards of their own).
    static func customer(_ caller: Caller) throws -> User {
        let user = try caller.signedIn()
        guard !user.role.isStaff else { throw DomainError.forbidden("Saved cards belong to customer accounts.") }
        return user
    }

    /// The customer's id at the gateway, made once. Two first setups racing: the primary key
    /// decides, the loser reuses the winner's id.
    static func gatewayCustomer(of user: User, gateway: String, stripe: StripeCards, on connection: PostgresConnection) throws -> String {
        func stored() throws -> String? {
            try connection.query("SELECT gateway_customer_id FROM gateway_customers WHERE customer_id = \(user.id) AND gateway = \(gateway)")
                .firstRow?.decode(String.self, "gateway_customer_id")
        }
        if let known = try stored() { return known }
        let created = try stripe.createCustomer(email: user.email, customerID: user.id)
        try connection.query(
            """
            INSERT INTO gateway_customers (customer_id, gateway, gateway_customer_id) VALUES (\(user.id), \(gateway), \(created))
            ON CONFLICT (customer_id, gateway) DO NOTHING
            """)
        guard let winner = try stored() else { throw DomainError.conflict("The gateway customer could not be stored; try again.") }
        return winner
    }
}
