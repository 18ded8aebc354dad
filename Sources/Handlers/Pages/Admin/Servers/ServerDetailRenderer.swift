import Domain
import Views

/// Builds the server page with its jobs, the newest job's attempts and its history;
/// refusals re-render it with an alert and the mapped status.
enum ServerDetailRenderer {
    /// How many jobs and audit entries the page shows.
    private static let jobLimit = 10
    private static let historyLimit = 50

    static func render(
        _ context: RequestContext, server: ServerInstance, extras: ServerDetailPage.Extras = .init(), status: HTTPStatus = .ok
    ) throws -> Response {
        var extras = extras
        extras.jobs = try Jobs.recent(instanceID: server.id, limit: jobLimit, on: context.connection)
        extras.attempts = try extras.jobs.first.map { try Jobs.attempts(jobID: $0.id, on: context.connection) } ?? []
        extras.history = try AuditLog.list(
            on: context.connection, page: PageRequest(limit: historyLimit), targetType: "server", targetID: String(server.id)).items
        let page = ServerDetailPage(server: server, extras: extras, csrfToken: try context.csrfToken())
        return try context.page(page, status: status)
    }

    /// Re-shows the page with why a request was refused (409 naming the status, 429 with Retry-After …).
    static func refusal(_ error: DomainError, context: RequestContext, server: ServerInstance, extras: ServerDetailPage.Extras = .init()) throws -> Response {
        let mapped = HTTPError(error)
        var extras = extras
        extras.alert = mapped.detail
        var response = try render(context, server: server, extras: extras, status: mapped.status)
        response.addHeaders(of: mapped)
        return response
    }
}
