/// One worker process's counters since it started, as stored for `/metrics` (Codable JSON).
public struct MetricsSnapshot: Codable, Sendable, Equatable {
    /// Upper bounds of the latency histogram's buckets, in seconds (+Inf is implied).
    public static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// A route's latency histogram: counts per bucket (not cumulative), their sum and count.
    public struct Latency: Codable, Sendable, Equatable {
        public var buckets = [Int](repeating: 0, count: MetricsSnapshot.bounds.count + 1)
        public var sum = 0.0
        public var count = 0

        mutating func add(_ other: Latency) {
            for index in buckets.indices { buckets[index] += other.buckets[index] }
            sum += other.sum
            count += other.count
        }

        mutating func add(_ seconds: Double, bucket: Int) {
            buckets[bucket] += 1
            sum += seconds
            count += 1
        }
    }

    /// Requests by "route\tmethod\tstatus".
    public var requests: [String: Int] = [:]
    /// Latency by route pattern.
    public var latency: [String: Latency] = [:]
    /// Requests that failed on a database error.
    public var databaseErrors = 0
    /// Request threads, and how many were answering a request when the snapshot was taken.
    public var threads = 0
    public var busyThreads = 0

    public init() {}

    /// Counts one answered request.
    mutating func record(_ summary: RequestSummary) {
        requests["\(summary.route)\t\(summary.method)\t\(summary.status)", default: 0] += 1
        let bucket = Self.bounds.firstIndex { summary.seconds <= $0 } ?? Self.bounds.count
        // In place: a copy taken out and put back would copy the buckets on every request.
        latency[summary.route, default: Latency()].add(summary.seconds, bucket: bucket)
        if summary.databaseError { databaseErrors += 1 }
    }

    /// Adds another thread's counters to these.
    mutating func add(_ other: MetricsSnapshot) {
        requests.merge(other.requests, uniquingKeysWith: +)
        for (route, histogram) in other.latency {
            latency[route, default: Latency()].add(histogram)
        }
        databaseErrors += other.databaseErrors
    }
}
