import Domain
import Views

/// `/my/servers`: the customer's own servers; anyone else's answer 404.
enum MyServersHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(MyServersPage(try Instances.list(Instances.Filter(), page: try context.pageRequest(), for: context.caller)))
    }

    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        let overview = try ServerOverview.load(id: try context.idParameter(), for: context.caller)
        return try context.page(MyServerPage(
            overview, notice: context.query["queued"] != nil ? MyServerPage.rebootQueued : nil, csrfToken: try context.csrfToken()))
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

    /// The server page again with why a reveal or a reboot was refused.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let overview = try ServerOverview.load(id: try context.idParameter(), for: context.caller)
        let passwordError = refusal.issue("password").map { "Password \($0)" }
            ?? (refusal.error.status == .forbidden ? refusal.error.detail : nil)
        return try context.page(MyServerPage(
            overview, passwordError: passwordError, alert: passwordError == nil ? refusal.error.detail : nil, csrfToken: try context.csrfToken()))
    }
}
