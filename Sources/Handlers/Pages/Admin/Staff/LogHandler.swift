import Domain
import Views

/// The audit trail and session log: staff pages and their JSON twins.
enum LogHandler {
    static func auditPage(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(LogPage(audit: try AuditLog.list(on: context.connection, page: try context.pageRequest())))
    }

    static func auditJSON(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try AuditLog.list(
            on: context.connection, page: try context.pageRequest(), targetType: context.query["target_type"],
            targetID: context.query["target_id"])
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    static func sessionsPage(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(LogPage(sessions: try SessionLog.list(on: context.connection, page: try context.pageRequest())))
    }

    static func sessionsJSON(_ request: Request, _ context: RequestContext) throws -> Response {
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
        let page = try SessionLog.list(on: context.connection, page: try context.pageRequest(), userID: userID, event: event)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }
}
