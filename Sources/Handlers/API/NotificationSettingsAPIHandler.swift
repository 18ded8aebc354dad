import Domain

/// `/api/v1/settings/notifications` (admins): how email leaves; every change needs `X-2FA-Code`.
/// The SMTP password is write-only (`smtp_password_set` says whether one is stored).
enum NotificationSettingsAPIHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try context.caller.admin()
        return try .json(try NotificationSettings.load(on: context.caller.connection))
    }

    /// `PATCH`: the fields given change, the others stay.
    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let change = NotificationSettingsChange(box: context.services.paymentGateways.box, twoFactor: context.services.twoFactor)
        return try .json(try change.update(try JSONObject(context).texts(NotificationSettingsChange.fields), by: context.caller, code: context.stepUpCode))
    }
}
