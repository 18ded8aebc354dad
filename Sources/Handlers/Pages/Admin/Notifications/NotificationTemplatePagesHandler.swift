import Domain
import Views

/// `/admin/settings/notifications/templates` (admins): the page twin of
/// `/api/v1/settings/notifications/templates` — the list, one template's form with its preview,
/// save, preview of what is typed, and reset to the shipped text, through the same Domain calls.
enum NotificationTemplatePagesHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try context.caller.admin()
        return try context.page(NotificationTemplateListPage(try NotificationTemplates.list(on: context.caller.connection)))
    }

    static func edit(_ request: Request, _ context: RequestContext) throws -> Response {
        let notice = ["saved": "Template saved.", "reset": "Template reset to the shipped text."][context.query["done"] ?? ""]
        return try page(context, notice: notice)
    }

    static func save(_ request: Request, _ context: RequestContext) throws -> Response {
        let (event, channel) = (try context.parameter("event"), try context.parameter("channel"))
        _ = try NotificationTemplates.save(event: event, channel: channel, try form(context), by: context.caller)
        return .redirect(to: NotificationTemplatePage.path(event: event, channel: channel) + "?done=saved")
    }

    /// The form again as typed, with the preview of what is typed (nothing is stored).
    static func preview(_ request: Request, _ context: RequestContext) throws -> Response {
        try page(context, typed: try form(context))
    }

    static func reset(_ request: Request, _ context: RequestContext) throws -> Response {
        let (event, channel) = (try context.parameter("event"), try context.parameter("channel"))
        _ = try NotificationTemplates.reset(event: event, channel: channel, by: context.caller)
        return .redirect(to: NotificationTemplatePage.path(event: event, channel: channel) + "?done=reset")
    }

    /// The form again as typed with the refused fields named; an unknown template is 404.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        if refusal.error.status == .notFound { throw HTTPError.notFound("No such notification template.") }
        return try page(context, typed: try form(context), errors: refusal.issues, alert: refusal.message, status: refusal.error.status)
    }

    private static func page(_ context: RequestContext, typed: [String: String] = [:], errors: [FieldIssue] = [], alert: String? = nil,
                             notice: String? = nil, status: HTTPStatus = .ok) throws -> Response {
        let (event, channel) = (try context.parameter("event"), try context.parameter("channel"))
        _ = try context.caller.admin()
        let stored = try NotificationTemplates.find(event: event, channel: channel, on: context.caller.connection)
        let preview = try NotificationTemplates.preview(event: event, channel: channel, typed, for: context.caller)
        return try context.page(NotificationTemplatePage(stored, typed: typed, preview: preview, errors: errors, alert: alert, notice: notice,
                                                         csrfToken: try context.csrfToken()), status: status)
    }

    /// The parts sent; browsers send a textarea's line breaks as CR LF, stored as the API's LF.
    private static func form(_ context: RequestContext) throws -> [String: String] {
        try context.form().values(NotificationTemplatesAPIHandler.fields).mapValues { $0.replacingOccurrences(of: "\r\n", with: "\n") }
    }
}
