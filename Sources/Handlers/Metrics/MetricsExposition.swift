import Domain
import Foundation

/// Renders `/metrics` in Prometheus' text format (version 0.0.4): every worker's counters with a
/// `worker` label (`sum without (worker)` adds them up), then the shared gauges.
enum MetricsExposition {
    static func render(workers: [(worker: String, snapshot: MetricsSnapshot)], gauges: OperationalGauges) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [String]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples { out += sample + "\n" }
        }
        family("vps_http_requests_total", "counter", "Requests answered, by route pattern, method and status.",
               workers.flatMap { worker, snapshot in
                   snapshot.requests.sorted { $0.key < $1.key }.map { key, count in
                       let parts = key.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                       return "vps_http_requests_total{worker=\(label(worker)),route=\(label(parts[0])),method=\(label(parts[1])),status=\(label(parts[2]))} \(count)"
                   }
               })
        family("vps_http_request_duration_seconds", "histogram", "Time to answer a request, by route pattern.",
               workers.flatMap { worker, snapshot in
                   snapshot.latency.sorted { $0.key < $1.key }.flatMap { route, histogram in histogramLines(worker, route, histogram) }
               })
        family("vps_database_errors_total", "counter", "Requests that failed on a database error.",
               workers.map { "vps_database_errors_total{worker=\(label($0.worker))} \($0.snapshot.databaseErrors)" })
        family("vps_worker_threads", "gauge", "Request threads per worker process.",
               workers.map { "vps_worker_threads{worker=\(label($0.worker))} \($0.snapshot.threads)" })
        family("vps_worker_threads_busy", "gauge", "Request threads answering a request when the worker last reported.",
               workers.map { "vps_worker_threads_busy{worker=\(label($0.worker))} \($0.snapshot.busyThreads)" })
        family("vps_jobs", "gauge", "Server jobs by status.",
               gauges.jobs.sorted { $0.key < $1.key }.map { "vps_jobs{status=\(label($0.key))} \($0.value)" })
        family("vps_outbox_backlog", "gauge", "Notifications queued or being sent.", ["vps_outbox_backlog \(gauges.outboxBacklog)"])
        if let age = gauges.billingRunAgeSeconds {
            family("vps_billing_run_age_seconds", "gauge", "Seconds since the last finished billing run started.", ["vps_billing_run_age_seconds \(age)"])
        }
        return out
    }

    private static func histogramLines(_ worker: String, _ route: String, _ histogram: MetricsSnapshot.Latency) -> [String] {
        let labels = "worker=\(label(worker)),route=\(label(route))"
        var cumulative = 0
        var lines: [String] = []
        for (index, bound) in MetricsSnapshot.bounds.enumerated() {
            cumulative += histogram.buckets[index]
            lines.append("vps_http_request_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(cumulative)")
        }
        lines.append("vps_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(histogram.count)")
        lines.append("vps_http_request_duration_seconds_sum{\(labels)} \(histogram.sum)")
        lines.append("vps_http_request_duration_seconds_count{\(labels)} \(histogram.count)")
        return lines
    }

    /// A label value in quotes, escaped as the text format asks.
    static func label(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
