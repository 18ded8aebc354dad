@testable import Domain
import Postgres
import Synchronization

/// A channel for tests: records each delivery (message id and event key) and fails while `failing` is set.
final class RecordingChannel: NotificationChannel, Sendable {
    let name = EmailChannel.name
    let deliveries = Mutex<[(id: Int, eventKey: String)]>([])
    let failing = Atomic<Bool>(false)

    func deliver(_ message: OutboxMessage, on connection: PostgresConnection) throws -> String {
        if failing.load(ordering: .sequentiallyConsistent) { throw ProviderDown() }
        deliveries.withLock { $0.append((message.id, message.eventKey)) }
        return "fake-\(message.id)"
    }

    var eventKeys: [String] { deliveries.withLock { $0.map(\.eventKey) } }
}

/// The "provider is down" error (retryable: not a `PermanentDeliveryFailure`).
struct ProviderDown: Error, CustomStringConvertible {
    var description: String { "connection refused (test)" }
}
