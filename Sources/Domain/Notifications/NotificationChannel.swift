import Postgres

/// A way out of the portal for outbox messages (email now; SMS, webhooks and loadable channel
/// executables later). Built on the job runner's thread, used by that thread only.
public protocol NotificationChannel {
    /// The `channel` value of the messages it delivers.
    var name: String { get }
    /// Delivers `message` (attempt `message.attempts`); returns the provider's id for it. Throws
    /// when it did not go out: the outbox retries it, or marks it dead after its last attempt.
    /// `connection` is for reading settings and attachments, outside any transaction.
    func deliver(_ message: OutboxMessage, on connection: PostgresConnection) throws -> String
}

/// A delivery the channel knows cannot succeed on retry (no such recipient, malformed message).
public struct PermanentDeliveryFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
