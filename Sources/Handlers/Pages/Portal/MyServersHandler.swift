import Domain
import Views

/// `/my/servers`: the customer's own servers (reveal, reboot, cancel, change product); anyone else's answer 404.
enum MyServersHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(MyServersPage(try Instances.list(Instances.Filter(), page: try context.pageRequest(), for: context.caller, as: ServerSummary.self)))
    }

    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        let overview = try ServerOverview.load(id: try context.idParameter(), for: context.caller)
        let notice = context.query["queued"] != nil ? MyServerPage.rebootQueued
            : context.query["cancelled"] != nil ? MyServerPage.cancellationRequested
            : context.query["changed"] != nil ? MyServerPage.productChanged : nil
        return try context.page(MyServerPage(overview, notice: notice, csrfToken: try context.csrfToken()))
    }

    /// `POST …/cancel`: the owner asks to cancel at the end of the period or at once.
    static func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        let outcome = try ServiceCancellation.request(instanceID: try context.idParameter(), when: try CancellationForm.when(context),
                                                      by: context.caller)
        return .redirect(to: "/my/servers/\(outcome.serviceID)?cancelled=1")
    }

    /// `POST …/change-product`: an upgrade goes to its invoice, a downgrade back to the server.
    static func changeProduct(_ request: Request, _ context: RequestContext) throws -> Response {
        let outcome = try ProductChangeForm.submit(context)
        if let invoice = outcome.invoice, outcome.change.status == "pending" { return .redirect(to: "/my/invoices/\(invoice.id)") }
        return .redirect(to: "/my/servers/\(outcome.change.serviceID)?changed=1")
    }

    static func reveal(_ request: Request, _ context: RequestContext) throws -> Response {
        let credentials = try context.services.serverSecrets.reveal(
            instanceID: try context.idParameter(), to: context.caller, confirmingPassword: try context.form()["password"],
            authenticator: context.services.authenticator)
        let overview = try ServerOverview.load(id: try context.idParameter(), for: context.caller)
        return try context.page(MyServerPage(overview, credentials: credentials, csrfToken: try context.csrfToken()))
    }

    static func reboot(_ request: Request, _ context: RequestContext) throws -> Response {
        let job = try ServerActions.request(.reboot, instanceID: try context.idParameter(), by: context.caller)
        return .redirect(to: "/my/servers/\(job.instanceID)?queued=\(job.id)")
    }

    /// The server page again with why a reveal, a reboot, a cancellation or a product change was refused.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let overview = try ServerOverview.load(id: try context.idParameter(), for: context.caller)
        let passwordError = refusal.issue("password").map { "Password \($0)" }
            ?? (refusal.error.status == .forbidden ? refusal.error.detail : nil)
        let alert = refusal.issue("product_id").map { "Not changed: the product \($0)." }
            ?? refusal.issue("when").map { "Not cancelled: \($0)." } ?? refusal.error.detail
        return try context.page(MyServerPage(
            overview, passwordError: passwordError, alert: passwordError == nil ? alert : nil, csrfToken: try context.csrfToken()))
    }
}
