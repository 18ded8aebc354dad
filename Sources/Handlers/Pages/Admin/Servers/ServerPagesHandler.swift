import Domain
import Views

/// `/admin/servers/{id}…`: the server page, its actions, revealing credentials and editing details.
enum ServerPagesHandler {
    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let server = try load(context)
        var extras = ServerDetailPage.Extras()
        if let job = context.query["queued"].flatMap({ Int($0) }) {
            extras.notice = "Job #\(job) queued; its progress shows below."
        } else if context.query["saved"] == "1" {
            extras.notice = "Saved."
        }
        return try ServerDetailRenderer.render(context, server: server, extras: extras)
    }

    /// `POST …/actions/{action}`: queues the action as a job and comes back to the page.
    static func action(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.requireStaff()
        let server = try load(context)
        guard let action = ServerAction(rawValue: try context.parameter("action")), ServerDetailPage.pageActions.contains(action) else {
            throw HTTPError.notFound("No such action.")
        }
        let form = try context.form()
        if action == .terminate && (form["confirm"] ?? "").isEmpty {
            var extras = ServerDetailPage.Extras()
            extras.alert = "Not terminated: tick to confirm that the server and its data may be destroyed."
            return try ServerDetailRenderer.render(context, server: server, extras: extras, status: .unprocessableContent)
        }
        do {
            let job = try ServerActions.request(action, instanceID: server.id, by: staff, on: context.connection, origin: context.origin)
            return .redirect(to: "/admin/servers/\(server.id)?queued=\(job.id)")
        } catch let error as DomainError {
            return try ServerDetailRenderer.refusal(error, context: context, server: try load(context))
        }
    }

    /// `POST …/credentials`: shows the credentials in this one response; the reveal is audited.
    static func credentials(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.requireStaff()
        let server = try load(context)
        do {
            var extras = ServerDetailPage.Extras()
            extras.credentials = try context.services.serverSecrets.reveal(
                instanceID: server.id, to: staff, on: context.connection, origin: context.origin)
            return try ServerDetailRenderer.render(context, server: server, extras: extras)
        } catch let error as DomainError {
            return try ServerDetailRenderer.refusal(error, context: context, server: server)
        }
    }

    /// `POST /admin/servers/{id}`: saves the edited details (only fields that changed).
    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.requireStaff()
        let server = try load(context)
        let form = try context.form()
        let version = try context.expectedVersion(body: form["version"].flatMap { Int($0) })
        let edit = ServerEditForm(form: form, server: server)
        var extras = ServerDetailPage.Extras()
        extras.submitted = edit.submitted
        guard !edit.input.scalars.isEmpty else {
            extras.notice = "Nothing to change."
            return try ServerDetailRenderer.render(context, server: server, extras: extras)
        }
        do {
            _ = try InstanceEdits.update(
                id: server.id, expectedVersion: version, edit.input, by: staff, secrets: context.services.serverSecrets,
                on: context.connection, origin: context.origin)
            return .redirect(to: "/admin/servers/\(server.id)?saved=1")
        } catch DomainError.validation(let issues) {
            extras.errors = FormErrors(issues.map { ($0.field, $0.message) })
            return try ServerDetailRenderer.render(context, server: server, extras: extras, status: .unprocessableContent)
        } catch StaleVersion.server(let current) {
            extras.alert = "Someone else changed this server while you were editing (it is now at version \(current.version)). Nothing was saved."
            extras.changes = edit.changes(against: current)
            return try ServerDetailRenderer.render(context, server: current, extras: extras, status: .conflict)
        } catch let error as DomainError {
            return try ServerDetailRenderer.refusal(error, context: context, server: server, extras: extras)
        }
    }

    private static func load(_ context: RequestContext) throws -> ServerInstance {
        guard let server = try Instances.find(id: try context.idParameter(), on: context.connection) else {
            throw HTTPError.notFound("No such server.")
        }
        return server
    }
}
