import Domain

/// `/api/v1/settings/notifications/templates` (admins): the wording of each
/// event per channel — list, show, save (`PUT`), reset to the shipped default (`DELETE`) and
/// preview with sample data (`POST …/preview`, reporting unknown names and refused tags).
enum NotificationTemplatesAPIHandler {
    static let fields = ["subject", "text", "html"]

    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try context.caller.admin()
        return try .json(ListBody(items: try NotificationTemplates.list(on: context.caller.connection), nextCursor: nil))
    }

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try context.caller.admin()
        return try .json(try NotificationTemplates.find(event: try context.parameter("event"), channel: try context.parameter("channel"),
                                                        on: context.caller.connection))
    }

    static func save(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try NotificationTemplates.save(event: try context.parameter("event"), channel: try context.parameter("channel"),
                                                 try JSONObject(context).texts(fields), by: context.caller))
    }

    static func reset(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try NotificationTemplates.reset(event: try context.parameter("event"), channel: try context.parameter("channel"), by: context.caller))
    }

    static func preview(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try NotificationTemplates.preview(event: try context.parameter("event"), channel: try context.parameter("channel"),
                                                    try JSONObject(context).texts(fields), for: context.caller))
    }
}
