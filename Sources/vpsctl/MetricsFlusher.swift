import Domain
import Foundation
import Handlers
import Postgres

/// Writes this worker's counters to the database every few seconds, for `/metrics` on any worker
/// of any host. Runs on the worker's main thread, on a session of its own; a failure (the database
/// is down) is reported once and tried again at the next tick.
final class MetricsFlusher {
    static let interval = Duration.seconds(2)
    private let metrics: WorkerMetrics
    private let connection: PostgresConnection
    private var next = ContinuousClock.now
    private var failing = false

    init(metrics: WorkerMetrics, url: String) {
        self.metrics = metrics
        self.connection = PostgresConnection(lazy: url)
    }

    /// Flushes when the interval has passed since the last flush.
    func tick() {
        guard ContinuousClock.now >= next else { return }
        next = ContinuousClock.now + Self.interval
        do {
            try connection.ensureConnected()
            try WorkerMetricsStore.save(worker: metrics.worker, snapshot: try metrics.snapshotJSON(), on: connection)
            failing = false
        } catch {
            if !failing { Log.warning("cannot write this worker's metrics: \(error)") }
            failing = true
            connection.close()
        }
    }
}
