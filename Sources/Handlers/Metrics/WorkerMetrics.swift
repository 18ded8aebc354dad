import Foundation
import Synchronization

/// This worker process's live counters: every request thread records into it, a flusher
/// thread copies it to the database (``WorkerMetricsStore``) for `/metrics`.
public final class WorkerMetrics: Sendable {
    /// `host:pid`, this process's `worker` label.
    public let worker: String
    private let threads: Int
    /// One set of counters per request thread, so threads never wait for each other's lock
    /// (one shared lock was contended on every request: 3 % of a worker's CPU plus the futex
    /// sleeps); a snapshot adds them up.
    private let shards: [Shard]
    private let busyThreads = Atomic<Int>(0)

    private final class Shard: Sendable {
        let state = Mutex(MetricsSnapshot())
    }

    public init(worker: String = WorkerMetrics.defaultName(), threads: Int = 0) {
        self.worker = worker
        self.threads = threads
        shards = (0..<max(1, threads)).map { _ in Shard() }
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

    /// Counts one answered request, on request thread `thread`'s counters.
    public func record(_ summary: RequestSummary, thread: Int = 0) {
        shards[thread % shards.count].state.withLock { $0.record(summary) }
    }

    /// The counters now, with the busy-thread gauge.
    public func snapshot() -> MetricsSnapshot {
        var total = MetricsSnapshot()
        for shard in shards { total.add(shard.state.withLock { $0 }) }
        total.threads = threads
        total.busyThreads = busyThreads.load(ordering: .relaxed)
        return total
    }

    /// The snapshot as the JSON text stored per worker.
    public func snapshotJSON() throws -> String {
        String(decoding: try JSONEncoder().encode(snapshot()), as: UTF8.self)
    }
}
