import Domain
import Views

/// `/admin/outbox…` (staff): the list filtered by status, one message as sent, and sending a sent
/// or dead one again — the same Domain calls as `/api/v1/outbox`.
enum OutboxPagesHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let status = context.query["status"] ?? ""
        let page = try Outbox.list(status: try OutboxMessage.Status.filter(status), page: try context.pageRequest(), for: context.caller)
        let next = page.nextCursor.map { "/admin/outbox?" + (status.isEmpty ? "" : "status=\(status.formEncoded)&") + "cursor=\($0)" }
        return try context.page(OutboxListPage(messages: page.items, status: status, error: nil, nextHref: next))
    }

    /// The list again, empty, naming the filter that cannot be applied.
    static func refusedList(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(OutboxListPage(messages: [], status: context.query["status"] ?? "",
                                        error: refusal.issues.map { "\($0.field) \($0.message)" }.joined(separator: "; "), nextHref: nil),
                         status: refusal.error.status)
    }

    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        try detailPage(context, notice: context.query["resent"] != nil ? "Queued again; the job runner sends it shortly." : nil)
    }

    /// `POST …/{id}/resend`: back to the message, queued once more.
    static func resend(_ request: Request, _ context: RequestContext) throws -> Response {
        let message = try Outbox.resend(id: try context.idParameter(), for: context.caller)
        return .redirect(to: "/admin/outbox/\(message.id)?resent=1")
    }

    /// The message again with why it was not queued (409 while it is still queued, failing or sending).
    static func refusedResend(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        if refusal.error.status == .notFound { throw HTTPError.notFound("No such message.") }
        return try detailPage(context, alert: refusal.message, status: refusal.error.status)
    }

    private static func detailPage(_ context: RequestContext, alert: String? = nil, notice: String? = nil, status: HTTPStatus = .ok) throws -> Response {
        let message = try Outbox.find(id: try context.idParameter(), for: context.caller)
        return try context.page(OutboxMessagePage(message, settings: try NotificationSettings.load(on: context.caller.connection), alert: alert,
                                                  notice: notice, csrfToken: try context.csrfToken()), status: status)
    }
}
