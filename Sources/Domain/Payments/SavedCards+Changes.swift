import Foundation
import Postgres

extension SavedCards {
    /// The owner removes card `id`: detached at the gateway, then kept as `removed` (attempts refer
    /// to it) and no longer used for automatic payment. The row stays locked while the gateway is
    /// asked, so a double click detaches once; the gateway not answering changes nothing (503).
    public static func remove(id: Int, by caller: Caller, gateways: PaymentGateways) throws -> SavedCard {
        let user = try customer(caller)
        return try caller.connection.transaction { connection in
            let card = try owned(id: id, by: user, on: connection)
            guard let settings = try PaymentGateways.settings(named: card.gateway, on: connection) else {
                throw DomainError.conflict("The card's gateway is gone; ask the administrator.")
            }
            let methodID = try connection.query("SELECT gateway_method_id FROM saved_payment_methods WHERE id = \(id)")[0]
                .decode(String.self, "gateway_method_id")
            try StripeCards(settings: settings, secretKey: try gateways.apiKey(of: card.gateway, on: connection)).detach(methodID)
            let removed = try SavedCard(row: try connection.query(
                """
                UPDATE saved_payment_methods SET status = 'removed', removed_at = now(), auto_pay = false WHERE id = \(id)
                RETURNING \(unescaped: SavedCard.columns)
                """)[0])
            try AuditLog.record(on: connection, actor: caller.actor, action: "card.removed", targetType: "saved_payment_method",
                                targetID: String(id), before: card, after: removed, origin: caller.origin)
            return removed
        }
    }

    /// The owner chooses card `id` for automatic payment (`on`), moving the choice from any other
    /// card of theirs, or turns it off. The customer's cards are locked first, so two choices at
    /// once queue instead of colliding on the one-per-customer index.
    public static func chooseForAutoPay(id: Int, on: Bool, by caller: Caller) throws -> SavedCard {
        let user = try customer(caller)
        return try caller.connection.transaction { connection in
            try connection.query("SELECT id FROM saved_payment_methods WHERE customer_id = \(user.id) ORDER BY id FOR UPDATE")
            let card = try owned(id: id, by: user, on: connection)
            if on {
                try connection.query("UPDATE saved_payment_methods SET auto_pay = false WHERE customer_id = \(user.id) AND auto_pay AND id <> \(id)")
            }
            let changed = try SavedCard(row: try connection.query(
                "UPDATE saved_payment_methods SET auto_pay = \(on) WHERE id = \(id) RETURNING \(unescaped: SavedCard.columns)")[0])
            if changed != card {
                try AuditLog.record(on: connection, actor: caller.actor, action: on ? "card.auto_pay_on" : "card.auto_pay_off",
                                    targetType: "saved_payment_method", targetID: String(id), before: card, after: changed, origin: caller.origin)
            }
            return changed
        }
    }

    /// Active card `id` of `user`, locked; not found otherwise (anyone else's card included).
    private static func owned(id: Int, by user: User, on connection: PostgresConnection) throws -> SavedCard {
        guard let row = try connection.query(
            """
            SELECT \(unescaped: SavedCard.columns) FROM saved_payment_methods
            WHERE id = \(id) AND customer_id = \(user.id) AND status = 'active' FOR UPDATE
            """).firstRow else { throw DomainError.notFound("No such card.") }
        return try SavedCard(row: row)
    }
}
