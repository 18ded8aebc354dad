@testable import Domain
import Foundation
import FastCGI
@testable import Handlers
import Testing

@Suite("Metrics: counters, the text format, who may read them, where FastCGI may listen")
struct MetricsTests {
    func summary(_ route: String, _ status: Int, _ seconds: Double, user: Int? = nil, databaseError: Bool = false) -> RequestSummary {
        RequestSummary(route: route, method: "GET", status: status, seconds: seconds, requestID: "r1", userID: user, databaseError: databaseError)
    }

    @Test("requests are counted by route, method and status on any thread; latency lands in its bucket")
    func counting() {
        let metrics = WorkerMetrics(worker: "app1:7", threads: 4)
        metrics.record(summary("/orders/:id", 200, 0.003), thread: 0)
        metrics.record(summary("/orders/:id", 200, 0.3), thread: 3)
        metrics.record(summary("/orders/:id", 503, 0.02, databaseError: true), thread: 1)
        let snapshot = metrics.snapshot()
        #expect(snapshot.requests["/orders/:id\tGET\t200"] == 2)
        #expect(snapshot.requests["/orders/:id\tGET\t503"] == 1)
        #expect(snapshot.latency["/orders/:id"]?.count == 3)
        #expect(snapshot.latency["/orders/:id"]?.buckets[0] == 1)  // ≤ 5 ms
        #expect(snapshot.latency["/orders/:id"]?.buckets[6] == 1)  // ≤ 500 ms
        #expect(snapshot.databaseErrors == 1)
        #expect(snapshot.threads == 4)
        #expect(metrics.busy { metrics.snapshot().busyThreads } == 1)
    }

    @Test("threads recording at once lose no count")
    func concurrentCounting() {
        let metrics = WorkerMetrics(worker: "app1:8", threads: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<2000 { metrics.record(summary(index % 2 == 0 ? "/a" : "/b", 200, 0.001), thread: thread) }
        }
        let snapshot = metrics.snapshot()
        #expect(snapshot.requests["/a\tGET\t200"] == 8000 && snapshot.requests["/b\tGET\t200"] == 8000)
        #expect(snapshot.latency["/a"]?.count == 8000 && snapshot.latency["/a"]?.buckets[0] == 8000)
    }

    @Test("the exposition has one family per metric, cumulative buckets and escaped labels")
    func exposition() {
        var snapshot = MetricsSnapshot()
        snapshot.record(summary("/a\"b", 200, 0.003))
        snapshot.record(summary("/a\"b", 200, 2))
        let text = MetricsExposition.render(workers: [("h:1", snapshot), ("h:2", snapshot)],
                                            gauges: OperationalGauges(jobs: ["queued": 2], outboxBacklog: 5, billingRunAgeSeconds: 60))
        #expect(text.components(separatedBy: "# TYPE vps_http_requests_total counter").count == 2)
        #expect(text.contains(#"vps_http_requests_total{worker="h:2",route="/a\"b",method="GET",status="200"} 2"#))
        #expect(text.contains(#"vps_http_request_duration_seconds_bucket{worker="h:1",route="/a\"b",le="0.005"} 1"#))
        #expect(text.contains(#"vps_http_request_duration_seconds_bucket{worker="h:1",route="/a\"b",le="2.5"} 2"#))
        #expect(text.contains(#"vps_http_request_duration_seconds_bucket{worker="h:1",route="/a\"b",le="+Inf"} 2"#))
        #expect(text.contains(#"vps_jobs{status="queued"} 2"#))
        #expect(text.contains("vps_outbox_backlog 5\n"))
        #expect(text.contains("vps_billing_run_age_seconds 60\n"))
    }

    @Test("the request log line is logfmt, quoting what needs it")
    func logLine() {
        var line = summary("/orders/:id", 201, 0.0123, user: 7)
        line.method = "POST"
        #expect(line.logfmt == "request_id=r1 method=POST route=/orders/:id status=201 duration_ms=12.300 user=7")
        #expect(summary("unmatched", 404, 0.001).logfmt.hasSuffix("user=-"))
        #expect(RequestSummary.quoted(#"a "b""#) == #""a \"b\"""#)
    }

    @Test("/metrics is for allowed addresses: networks, exact addresses, nothing else")
    func allowList() {
        let list = AddressAllowList(parsing: "10.0.0.0/24, 192.168.1.7, ::1")
        #expect(list.allows("10.0.0.200"))
        #expect(!list.allows("10.0.1.1"))
        #expect(list.allows("192.168.1.7"))
        #expect(!list.allows("192.168.1.8"))
        #expect(list.allows("::1"))
        #expect(!list.allows("matrix-1"))
        #expect(AddressAllowList.loopback.allows("127.0.0.1"))
        #expect(!AddressAllowList.loopback.allows("203.0.113.9"))
    }

    @Test("FastCGI listens on TCP only on private or loopback IPv4 addresses unless forced")
    func listenAddress() throws {
        #expect(try FastCGIListenAddress("10.0.0.2:9000").libfcgiPath == "10.0.0.2:9000")
        #expect(try FastCGIListenAddress("172.20.1.1:9000").host == "172.20.1.1")
        #expect(throws: FastCGIListenAddress.Invalid.self) { try FastCGIListenAddress("203.0.113.9:9000") }
        #expect(throws: FastCGIListenAddress.Invalid.self) { try FastCGIListenAddress("0.0.0.0:9000") }
        #expect(throws: FastCGIListenAddress.Invalid.self) { try FastCGIListenAddress("app1:9000") }
        #expect(throws: FastCGIListenAddress.Invalid.self) { try FastCGIListenAddress("10.0.0.2:99999") }
        #expect(try FastCGIListenAddress("203.0.113.9:9000", allowPublic: true).port == 9000)
    }
}
