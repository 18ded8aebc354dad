import Foundation
import Postgres

/// What staff do with the outbox: list it, read a message as sent, send one again.
extension Outbox {
    /// Messages newest first, only those with `status` when given.
    public static func list(status: OutboxMessage.Status?, page: PageRequest, for caller: Caller) throws -> Page<OutboxMessage> {
        _ = try caller.staff()
        var filter = SQLFilter()
        filter.add("status = ?", status?.rawValue)
        filter.add("id < ?", page.afterID)
        let rows = try caller.connection.query(
            "SELECT \(unescaped: OutboxMessage.columns) FROM outbox_messages \(filter.whereClause) ORDER BY id DESC LIMIT \(page.limit + 1)")
        return page.page(try rows.map(OutboxMessage.init(row:)), id: \.id)
    }

    /// Message `id`, for staff.
    public static func find(id: Int, for caller: Caller) throws -> OutboxMessage {
        _ = try caller.staff()
        guard let row = try caller.connection.query(
            "SELECT \(unescaped: OutboxMessage.columns) FROM outbox_messages WHERE id = \(id)").firstRow else {
            throw DomainError.notFound("No such message.")
        }
        return try OutboxMessage(row: row)
    }

    /// Queues a sent or dead message `id` once more (one more attempt allowed, the same event key
    /// and Message-ID); audited. A message still queued, failing or sending is refused (409).
    public static func resend(id: Int, for caller: Caller) throws -> OutboxMessage {
        _ = try caller.staff()
        return try caller.connection.transaction { connection in
            let before = try find(id: id, for: caller)
            guard before.status == .sent || before.status == .dead else {
                throw DomainError.conflict("The message is \(before.status.rawValue); only a sent or dead message can be sent again.")
            }
            let row = try connection.query(
                """
                UPDATE outbox_messages SET status = 'queued', run_after = now(), max_attempts = greatest(max_attempts, attempts + 1)
                WHERE id = \(id) AND status = \(before.status.rawValue) RETURNING \(unescaped: OutboxMessage.columns)
                """).firstRow
            guard let row else { throw DomainError.conflict("The message changed meanwhile; try again.") }
            try AuditLog.record(on: connection, actor: caller.actor, action: "outbox.resend", targetType: "outbox_message", targetID: String(id),
                                before: ["status": before.status.rawValue, "attempts": String(before.attempts)],
                                after: ["status": "queued", "event_key": before.eventKey], origin: caller.origin)
            return try OutboxMessage(row: row)
        }
    }
}
