import Domain
import Views

/// `/admin/settings/notifications` (admins): the form of `PATCH /api/v1/settings/notifications`;
/// a change needs a 2FA code. An empty password field keeps the stored password.
enum NotificationSettingsPagesHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try page(context, notice: context.query["saved"] != nil ? "Notification settings saved." : nil)
    }

    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let change = NotificationSettingsChange(box: context.services.paymentGateways.box, twoFactor: context.services.twoFactor)
        _ = try change.update(try form(context), by: context.caller, code: context.stepUpCode)
        return .redirect(to: "/admin/settings/notifications?saved=1")
    }

    /// The form again as typed (never the password), with the refused fields named.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        var typed = try form(context)
        typed["smtp_password"] = nil
        return try page(context, typed: typed, errors: refusal.issues, alert: refusal.message, status: refusal.error.status)
    }

    private static func page(_ context: RequestContext, typed: [String: String] = [:], errors: [FieldIssue] = [], alert: String? = nil,
                             notice: String? = nil, status: HTTPStatus = .ok) throws -> Response {
        _ = try context.caller.admin()
        return try context.page(NotificationSettingsPage(try NotificationSettings.load(on: context.caller.connection), typed: typed, errors: errors,
                                                         alert: alert, notice: notice, csrfToken: try context.csrfToken()), status: status)
    }

    /// The fields sent; the password only when typed (or "" when "remove" is ticked, which removes it).
    private static func form(_ context: RequestContext) throws -> [String: String] {
        let form = try context.form()
        var values = form.values(NotificationSettingsChange.fields.filter { $0 != "smtp_password" })
        if form["clear_password"] == "true" {
            values["smtp_password"] = ""
        } else if let password = form["smtp_password"], !password.isEmpty {
            values["smtp_password"] = password
        }
        return values
    }
}
