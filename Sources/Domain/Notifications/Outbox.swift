import Foundation
import Postgres

/// The outbox: messages are written by `enqueue` inside the transaction of the change that causes
/// them (so one exists iff that change committed), unique per event key; `vpsctl jobs` delivers
/// them with `runNext`: taken with `FOR UPDATE SKIP LOCKED` and a lease, sent through their
/// channel, recorded `sent` (with the provider's id) or retried with the jobs' backoff and `dead`
/// after `max_attempts`. A runner killed mid-delivery leaves the row `sending`; once its lease has
/// expired the next runner takes it again — the same event key, so the same Message-ID.
public enum Outbox {
    /// How long a taken message is its runner's (longer than any channel's timeout).
    public static let defaultLease: Int = 120

    /// Writes `draft` in the caller's transaction; true when it was written, false when a message
    /// with its event key already exists (nothing changes).
    @discardableResult
    public static func enqueue(_ draft: OutboxDraft, on connection: PostgresConnection) throws -> Bool {
        precondition(connection.inTransaction, "enqueue inside the transaction of the change that causes the message")
        return try connection.query(
            """
            INSERT INTO outbox_messages (channel, event_key, recipient, recipient_name, customer_id, subject, body_text, body_html, invoice_id)
            VALUES (\(draft.channel), \(draft.eventKey), \(draft.recipient), \(String(draft.recipientName.prefix(200))), \(draft.customerID),
                    \(String(draft.subject.prefix(998))), \(draft.text), \(draft.html), \(draft.invoiceID))
            ON CONFLICT (event_key) DO NOTHING
            """).affectedRows == 1
    }

    /// Takes the next ready message (queued, due for a retry, or `sending` with an expired lease)
    /// for runner `runnerKey`, delivers it through its channel and records the outcome; false when
    /// none was ready.
    /// Messages of a channel not in `channels` go to the loadable channel of that name in `loadable`.
    public static func runNext(channels: [any NotificationChannel], loadable: ChannelDirectory? = nil, runnerKey: Int64,
                               leaseSeconds: Int = defaultLease, on connection: PostgresConnection) throws -> Bool {
        guard let row = try connection.query(
            """
            UPDATE outbox_messages SET status = 'sending', attempts = attempts + 1, locked_by = \(runnerKey),
                   lease_until = now() + make_interval(secs => \(leaseSeconds))
            WHERE id = (SELECT id FROM outbox_messages
                        WHERE (status IN ('queued', 'failed') AND run_after <= now()) OR (status = 'sending' AND lease_until < now())
                        ORDER BY run_after, id FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING \(unescaped: OutboxMessage.columns)
            """).firstRow else { return false }
        let message = try OutboxMessage(row: row)
        do {
            guard let channel = channels.first(where: { $0.name == message.channel }) ?? loadable?.channel(named: message.channel) else {
                throw PermanentDeliveryFailure("no channel \(message.channel) in this runner")
            }
            let providerID = try channel.deliver(message, on: connection)
            try connection.query(
                """
                UPDATE outbox_messages SET status = 'sent', sent_at = now(), provider_message_id = \(String(providerID.prefix(500))),
                       locked_by = NULL, lease_until = NULL, last_error = ''
                WHERE id = \(message.id) AND locked_by = \(runnerKey) AND status = 'sending'
                """)
        } catch {
            let dead = error is PermanentDeliveryFailure || message.attempts >= message.maxAttempts
            let backoff = Jobs.backoffSeconds(afterAttempt: message.attempts)
            try connection.query(
                """
                UPDATE outbox_messages SET status = \(dead ? "dead" : "failed"), locked_by = NULL, lease_until = NULL,
                       last_error = \(String("\(error)".prefix(1000))), run_after = now() + make_interval(secs => \(backoff))
                WHERE id = \(message.id) AND locked_by = \(runnerKey) AND status = 'sending'
                """)
            Log.warning("outbox \(message.id) (\(message.eventKey)): attempt \(message.attempts) failed\(dead ? " for good" : ", retrying in \(backoff) s"): \(error)")
        }
        return true
    }

    /// The RFC 5322 Message-ID of every delivery of event `eventKey` at `domain` — the same on
    /// each retry and resend, so receivers can drop a second copy.
    public static func messageID(eventKey: String, domain: String) -> String {
        "<" + eventKey.replacingOccurrences(of: ":", with: "/") + "@" + domain + ">"
    }
}
