import Domain
import Foundation

/// `GET /metrics`: Prometheus' text format, for the addresses in `VPS_METRICS_ALLOW` only (404
/// for everyone else: the route does not exist for them). Every worker's last reported counters
/// (``WorkerMetricsStore``), this worker's own current ones, and the shared gauges.
enum MetricsHandler {
    static func metrics(_ request: Request, _ context: RequestContext) throws -> Response {
        guard context.services.metricsAllow.allows(request.remoteAddress) else { throw HTTPError.notFound() }
        var workers: [(worker: String, snapshot: MetricsSnapshot)] = []
        let decoder = JSONDecoder()
        for (worker, json) in try WorkerMetricsStore.live(on: context.connection) where worker != context.services.metrics?.worker {
            if let snapshot = try? decoder.decode(MetricsSnapshot.self, from: Data(json.utf8)) { workers.append((worker, snapshot)) }
        }
        if let own = context.services.metrics { workers.append((own.worker, own.snapshot())) }
        workers.sort { $0.worker < $1.worker }
        let text = MetricsExposition.render(workers: workers, gauges: try OperationalGauges.load(on: context.connection))
        var response = Response(status: .ok, body: Array(text.utf8))
        response.setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        response.setHeader("Cache-Control", "no-store")
        return response
    }
}
