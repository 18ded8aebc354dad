import Domain
import Views

/// `/admin/servers/{id}…`: the server page, its actions, revealing credentials and editing details.
enum ServerPagesHandler {
    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        var extras = ServerDetailPage.Extras()
        if let job = context.query["queued"].flatMap({ Int($0) }) {
            extras.notice = "Job #\(job) queued; its progress shows below."
        } else if context.query["saved"] == "1" {
            extras.notice = "Saved."
        } else if context.query["changed"] == "1" {
            extras.notice = "Product changed; the change_package job is queued."
        } else if context.query["cancelled"] == "1" {
            extras.notice = "Cancellation recorded."
        } else if context.query["reverted"] == "1" {
            extras.notice = "Cancellation reverted; the server is billed as before."
        } else if let invoice = context.query["invoiced"].flatMap({ Int($0) }) {
            extras.notice = "Upgrade invoiced (invoice #\(invoice)); it applies once that invoice is paid."
        }
        return try page(context, extras: extras)
    }

    /// `POST …/actions/{action}`: queues the action as a job and comes back to the page.
    static func action(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let action = ServerAction(rawValue: try context.parameter("action")), ServerDetailPage.pageActions.contains(action) else {
            throw HTTPError.notFound("No such action.")
        }
        if action == .terminate, (try context.form()["confirm"] ?? "").isEmpty {
            throw DomainError.invalid("confirm", "tick to confirm that the server and its data may be destroyed")
        }
        let job = try ServerActions.request(action, instanceID: try context.idParameter(), by: context.caller)
        return .redirect(to: "/admin/servers/\(job.instanceID)?queued=\(job.id)")
    }

    /// `POST …/change-product`: staff move the server to another product (with a two-factor code).
    static func changeProduct(_ request: Request, _ context: RequestContext) throws -> Response {
        let outcome = try ProductChangeForm.submit(context)
        let id = outcome.change.serviceID
        if let invoice = outcome.invoice, outcome.change.status == "pending" { return .redirect(to: "/admin/servers/\(id)?invoiced=\(invoice.id)") }
        return .redirect(to: "/admin/servers/\(id)?changed=1")
    }

    /// `POST …/cancel`: staff cancel a server at the end of its period or at once.
    static func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        let outcome = try ServiceCancellation.request(instanceID: try context.idParameter(), when: try CancellationForm.when(context),
                                                      by: context.caller)
        return .redirect(to: "/admin/servers/\(outcome.serviceID)?cancelled=1")
    }

    /// `POST …/cancel/revert`: staff take back a pending cancellation.
    static func revertCancellation(_ request: Request, _ context: RequestContext) throws -> Response {
        let outcome = try ServiceCancellation.revert(instanceID: try context.idParameter(), by: context.caller)
        return .redirect(to: "/admin/servers/\(outcome.serviceID)?reverted=1")
    }

    /// `POST …/credentials`: shows the credentials in this one response; the reveal is audited.
    static func credentials(_ request: Request, _ context: RequestContext) throws -> Response {
        var extras = ServerDetailPage.Extras()
        extras.credentials = try context.services.serverSecrets.reveal(instanceID: try context.idParameter(), to: context.caller)
        return try page(context, extras: extras)
    }

    /// `POST /admin/servers/{id}`: saves the edited details (only fields that changed).
    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let server = try Instances.visible(id: try context.idParameter(), to: context.caller)
        let form = try context.form()
        let version = try context.expectedVersion(body: form["version"].flatMap { Int($0) })
        let edit = ServerEditForm(form: form, server: server)
        guard !edit.input.scalars.isEmpty else {
            var extras = ServerDetailPage.Extras()
            extras.submitted = edit.submitted
            extras.notice = "Nothing to change."
            return try page(context, extras: extras)
        }
        _ = try InstanceEdits.update(
            id: server.id, expectedVersion: version, edit.input, by: try context.user, secrets: context.services.serverSecrets,
            on: context.connection, origin: context.origin)
        return .redirect(to: "/admin/servers/\(server.id)?saved=1")
    }

    /// The server page again with why an action, a reveal or an edit was refused: field
    /// errors next to the edit form (422), what changed meanwhile (409), the reason otherwise.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        var extras = ServerDetailPage.Extras()
        if context.route?.pattern == "/admin/servers/{id}" {
            let edit = ServerEditForm(form: try context.form(), server: try Instances.visible(id: try context.idParameter(), to: context.caller))
            extras.submitted = edit.submitted
            extras.errors = FormErrors(refusal.issues)
            if case .server(let current)? = refusal.stale {
                extras.alert = "Someone else changed this server while you were editing (it is now at version \(current.version)). Nothing was saved."
                extras.staleEdit = edit.input
            } else if refusal.issues.isEmpty {
                extras.alert = refusal.error.detail
            }
        } else if let confirm = refusal.issue("confirm") {
            extras.alert = "Not terminated: \(confirm)."
        } else if let product = refusal.issue("product_id") {
            extras.alert = "Not changed: the product \(product)."
        } else {
            extras.alert = refusal.error.detail
        }
        return try page(context, extras: extras)
    }

    private static func page(_ context: RequestContext, extras: ServerDetailPage.Extras) throws -> Response {
        let overview = try ServerOverview.load(id: try context.idParameter(), for: context.caller)
        return try context.page(ServerDetailPage(overview, extras: extras, csrfToken: try context.csrfToken()))
    }
}
