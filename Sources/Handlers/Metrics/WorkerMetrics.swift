import Foundation
import Synchronization

/// This worker process's live counters: every request thread records into it, a flusher
/// thread copies it to the database (``WorkerMetricsStore``) for `/metrics`.
public final class WorkerMetrics: Sendable {
    /// `host:pid`, this process's `worker` label.
    public let worker: String
    private let state = Mutex(MetricsSnapshot())
    private let busyThreads = Atomic<Int>(0)

    public init(worker: String = WorkerMetrics.defaultName(), threads: Int = 0) {
        self.worker = worker
        state.withLock { $0.threads = threads }
    }

    /// `hostname:pid`.
    public static func defaultName() -> String {
        "\(ProcessInfo.processInfo.hostName):\(getpid())"
    }

    /// Marks a thread busy for the duration of `body`.
    public func busy<R>(_ body: () throws -> R) rethrows -> R {
        busyThreads.add(1, ordering: .relaxed)
        defer { busyThreads.subtract(1, ordering: .relaxed) }
        return try body()
    }

    public func record(_ summary: RequestSummary) {
        state.withLock { $0.record(summary) }
    }

    /// The counters now, with the busy-thread gauge.
    public func snapshot() -> MetricsSnapshot {
        var copy = state.withLock { $0 }
        copy.busyThreads = busyThreads.load(ordering: .relaxed)
        return copy
    }

    /// The snapshot as the JSON text stored per worker.
    public func snapshotJSON() throws -> String {
        String(decoding: try JSONEncoder().encode(snapshot()), as: UTF8.self)
    }
}
