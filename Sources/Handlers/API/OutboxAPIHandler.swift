import Domain

/// `/api/v1/outbox` (staff): the messages that leave the portal, one as sent, and resending one.
enum OutboxAPIHandler {
    /// `?status=queued|sending|sent|failed|dead`, `?limit=`, `?cursor=`.
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try Outbox.list(status: try OutboxMessage.Status.filter(context.query["status"]), page: try context.pageRequest(), for: context.caller)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try Outbox.find(id: try context.idParameter(), for: context.caller))
    }

    /// `POST …/{id}/resend`: a sent or dead message queued once more (same event key), 202.
    static func resend(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try Outbox.resend(id: try context.idParameter(), for: context.caller), status: .accepted)
    }
}
