import Foundation
import Postgres

/// One row of the outbox: what is to leave the portal, through which channel, and how its delivery went.
public struct OutboxMessage: Sendable, Equatable, Encodable {
    /// queued → sending → sent | failed (retried after a backoff) | dead (after `maxAttempts`).
    public enum Status: String, Sendable, CaseIterable, Encodable {
        case queued, sending, sent, failed, dead

        /// The `status` filter of the outbox list, page and JSON alike: nil for none (empty), a
        /// 422 naming `status` for anything else.
        public static func filter(_ text: String?) throws -> Status? {
            guard let text, !text.isEmpty else { return nil }
            guard let status = Status(rawValue: text) else {
                throw DomainError.invalid("status", "must be one of " + allCases.map(\.rawValue).joined(separator: ", "))
            }
            return status
        }
    }

    public var id: Int
    public var channel: String
    /// Unique per event (`invoice.issued:812`): a second enqueue of the same key makes nothing.
    public var eventKey: String
    public var recipient: String
    public var recipientName: String
    public var customerID: Int?
    public var subject: String
    public var text: String
    public var html: String
    /// The invoice whose stored PDF goes with the message (attached when delivered, if rendered by then).
    public var invoiceID: Int?
    public var status: Status
    public var attempts: Int
    public var maxAttempts: Int
    public var runAfter: Date
    public var lastError: String
    public var providerMessageID: String
    public var sentAt: Date?
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, channel, eventKey = "event_key", recipient, recipientName = "recipient_name", customerID = "customer_id", subject, text, html
        case invoiceID = "invoice_id", status, attempts, maxAttempts = "max_attempts", runAfter = "run_after", lastError = "last_error"
        case providerMessageID = "provider_message_id", sentAt = "sent_at", createdAt = "created_at"
    }

    /// Every field, absent values as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(channel, forKey: .channel); try c.encode(eventKey, forKey: .eventKey)
        try c.encode(recipient, forKey: .recipient); try c.encode(recipientName, forKey: .recipientName); try c.encode(customerID, forKey: .customerID)
        try c.encode(subject, forKey: .subject); try c.encode(text, forKey: .text); try c.encode(html, forKey: .html)
        try c.encode(invoiceID, forKey: .invoiceID); try c.encode(status, forKey: .status); try c.encode(attempts, forKey: .attempts)
        try c.encode(maxAttempts, forKey: .maxAttempts); try c.encode(runAfter, forKey: .runAfter); try c.encode(lastError, forKey: .lastError)
        try c.encode(providerMessageID, forKey: .providerMessageID); try c.encode(sentAt, forKey: .sentAt); try c.encode(createdAt, forKey: .createdAt)
    }

    /// The columns `init(row:)` reads.
    static let columns = """
        id, channel, event_key, recipient, recipient_name, customer_id, subject, body_text, body_html, invoice_id, status,
        attempts, max_attempts, run_after, last_error, provider_message_id, sent_at, created_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        channel = try row.decode(String.self, "channel")
        eventKey = try row.decode(String.self, "event_key")
        recipient = try row.decode(String.self, "recipient")
        recipientName = try row.decode(String.self, "recipient_name")
        customerID = try row.decode(Int?.self, "customer_id")
        subject = try row.decode(String.self, "subject")
        text = try row.decode(String.self, "body_text")
        html = try row.decode(String.self, "body_html")
        invoiceID = try row.decode(Int?.self, "invoice_id")
        status = Status(rawValue: try row.decode(String.self, "status")) ?? .queued
        attempts = try row.decode(Int.self, "attempts")
        maxAttempts = try row.decode(Int.self, "max_attempts")
        runAfter = try row.decode(Date.self, "run_after")
        lastError = try row.decode(String.self, "last_error")
        providerMessageID = try row.decode(String.self, "provider_message_id")
        sentAt = try row.decode(Date?.self, "sent_at")
        createdAt = try row.decode(Date.self, "created_at")
    }
}
