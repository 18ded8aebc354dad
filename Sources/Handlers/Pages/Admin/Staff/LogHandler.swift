import Domain
import Views

/// The audit trail and session log: staff pages and their JSON twins.
enum LogHandler {
    static func auditPage(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let page = try AuditLog.list(on: context.connection, page: try pageRequest(context))
        let rows = page.items.map {
            LogPage.Row(
                when: $0.occurredAt, who: $0.actorLabel, what: $0.action, target: "\($0.targetType) \($0.targetID)",
                detail: [$0.before.map { "before: \($0)" }, $0.after.map { "after: \($0)" }].compactMap { $0 }.joined(separator: "  "),
                address: $0.remoteAddress, requestID: $0.requestID)
        }
        return try context.page(LogPage.audit(rows: rows, nextHref: page.nextCursor.map { "/admin/audit?cursor=\($0)" }))
    }

    static func auditJSON(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let page = try AuditLog.list(
            on: context.connection, page: try pageRequest(context), targetType: context.query["target_type"],
            targetID: context.query["target_id"])
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    static func sessionsPage(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let page = try SessionLog.list(on: context.connection, page: try pageRequest(context))
        let rows = page.items.map {
            LogPage.Row(
                when: $0.occurredAt, who: $0.email, what: $0.event, target: $0.email, detail: $0.detail,
                address: $0.remoteAddress, requestID: $0.requestID)
        }
        return try context.page(LogPage.sessions(rows: rows, nextHref: page.nextCursor.map { "/admin/sessions?cursor=\($0)" }))
    }

    static func sessionsJSON(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        var event: SessionLog.Event?
        if let name = context.query["event"] {
            guard let parsed = SessionLog.Event(rawValue: name) else {
                throw DomainError.invalid("event", "must be one of \(SessionLog.Event.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            event = parsed
        }
        var userID: Int?
        if let text = context.query["user_id"] {
            guard let id = Int(text), id > 0 else { throw DomainError.invalid("user_id", "must be a positive whole number") }
            userID = id
        }
        let page = try SessionLog.list(on: context.connection, page: try pageRequest(context), userID: userID, event: event)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    private static func pageRequest(_ context: RequestContext) throws -> PageRequest {
        try PageRequest(limit: context.query["limit"], cursor: context.query["cursor"])
    }
}
