import Foundation
import Postgres

/// What staff see of online payments: transactions newest first (flagged ones say why) and every
/// notification with its verification result.
public enum PaymentRecords {
    /// One gateway transaction.
    public struct Transaction: Sendable, Encodable {
        public var id: Int
        public var gateway: String
        public var gatewayTransactionID: String
        public var invoiceID: Int
        public var invoiceNumber: String?
        public var paymentID: Int?
        public var amount: Money
        public var currency: String
        public var flagged: Bool
        public var flagReason: String
        public var createdAt: Date

        enum CodingKeys: String, CodingKey {
            case id, gateway, amount, currency, flagged
            case gatewayTransactionID = "gateway_transaction_id", invoiceID = "invoice_id", invoiceNumber = "invoice_number"
            case paymentID = "payment_id", flagReason = "flag_reason", createdAt = "created_at"
        }

        static let columns = """
            t.id, t.gateway, t.gateway_transaction_id, t.invoice_id, i.number, t.payment_id, t.amount, t.currency, t.flagged, t.flag_reason,
            t.created_at
            """

        init(row: PostgresRow) throws {
            id = try row.decode(Int.self, "id")
            gateway = try row.decode(String.self, "gateway")
            gatewayTransactionID = try row.decode(String.self, "gateway_transaction_id")
            invoiceID = try row.decode(Int.self, "invoice_id")
            invoiceNumber = try row.decode(String?.self, "number")
            paymentID = try row.decode(Int?.self, "payment_id")
            amount = try row.decode(Money.self, "amount")
            currency = try row.decode(String.self, "currency")
            flagged = try row.decode(Bool.self, "flagged")
            flagReason = try row.decode(String.self, "flag_reason")
            createdAt = try row.decode(Date.self, "created_at")
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(gateway, forKey: .gateway)
            try c.encode(gatewayTransactionID, forKey: .gatewayTransactionID); try c.encode(invoiceID, forKey: .invoiceID)
            try c.encode(invoiceNumber, forKey: .invoiceNumber); try c.encode(paymentID, forKey: .paymentID)
            try c.encode(amount, forKey: .amount); try c.encode(currency, forKey: .currency); try c.encode(flagged, forKey: .flagged)
            try c.encode(flagReason, forKey: .flagReason); try c.encode(createdAt, forKey: .createdAt)
        }
    }

    /// One received notification (the raw body stays in the database).
    public struct Notification: Sendable, Encodable {
        public var id: Int
        public var gateway: String
        public var eventID: String?
        public var eventType: String
        public var bodySHA256: String
        public var verification: String
        public var status: String
        public var attempts: Int
        public var error: String
        public var remoteAddress: String
        public var receivedAt: Date
        public var appliedAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, gateway, verification, status, attempts, error
            case eventID = "event_id", eventType = "event_type", bodySHA256 = "body_sha256", remoteAddress = "remote_address"
            case receivedAt = "received_at", appliedAt = "applied_at"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(gateway, forKey: .gateway); try c.encode(eventID, forKey: .eventID)
            try c.encode(eventType, forKey: .eventType); try c.encode(bodySHA256, forKey: .bodySHA256)
            try c.encode(verification, forKey: .verification); try c.encode(status, forKey: .status); try c.encode(attempts, forKey: .attempts)
            try c.encode(error, forKey: .error); try c.encode(remoteAddress, forKey: .remoteAddress)
            try c.encode(receivedAt, forKey: .receivedAt); try c.encode(appliedAt, forKey: .appliedAt)
        }
    }

    /// Transactions newest first (staff).
    public static func transactions(page: PageRequest, for caller: Caller) throws -> Page<Transaction> {
        _ = try caller.staff()
        var filter = SQLFilter()
        filter.add("t.id < ?", page.afterID)
        let rows = try caller.connection.query(
            """
            SELECT \(unescaped: Transaction.columns) FROM payment_transactions t JOIN invoices i ON i.id = t.invoice_id
            \(filter.whereClause) ORDER BY t.id DESC LIMIT \(page.limit + 1)
            """)
        return page.page(try rows.map(Transaction.init(row:)), id: \.id)
    }

    /// Notifications newest first, refused ones included (staff).
    public static func notifications(page: PageRequest, for caller: Caller) throws -> Page<Notification> {
        _ = try caller.staff()
        var filter = SQLFilter()
        filter.add("id < ?", page.afterID)
        let rows = try caller.connection.query(
            """
            SELECT id, gateway, event_id, event_type, body_sha256, verification, status, attempts, error, remote_address, received_at, applied_at
            FROM payment_notifications \(filter.whereClause) ORDER BY id DESC LIMIT \(page.limit + 1)
            """)
        return page.page(try rows.map { row in
            Notification(id: try row.decode(Int.self, "id"), gateway: try row.decode(String.self, "gateway"),
                         eventID: try row.decode(String?.self, "event_id"), eventType: try row.decode(String.self, "event_type"),
                         bodySHA256: try row.decode(String.self, "body_sha256"), verification: try row.decode(String.self, "verification"),
                         status: try row.decode(String.self, "status"), attempts: try row.decode(Int.self, "attempts"),
                         error: try row.decode(String.self, "error"), remoteAddress: try row.decode(String.self, "remote_address"),
                         receivedAt: try row.decode(Date.self, "received_at"), appliedAt: try row.decode(Date?.self, "applied_at"))
        }, id: \.id)
    }
}
