import Domain

/// `GET /health`: 200 when the database answers, 503 problem+json when not.
enum HealthHandler {
    struct Body: Encodable {
        let status: String
        let database: String
    }

    static func health(_ request: Request, _ context: RequestContext) throws -> Response {
        let report = HealthCheck.run(on: context.connection)
        guard report.isHealthy else {
            let problem = HTTPError(
                .serviceUnavailable, title: "Database unreachable",
                detail: "The portal cannot reach its database; try again shortly.")
            var response = try Response.json(
                ProblemDocument(error: problem, requestID: request.requestID),
                status: .serviceUnavailable, contentType: "application/problem+json")
            response.setHeader("Retry-After", "1")
            return response
        }
        return try .json(Body(status: "ok", database: "ok"))
    }
}
