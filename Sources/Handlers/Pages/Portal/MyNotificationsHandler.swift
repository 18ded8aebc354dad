import Domain
import Views

/// `/my/account/notifications`: the page twin of `/api/v1/account/notifications` and
/// `/api/v1/account/phone` — the customer's optional messages and their SMS number.
enum MyNotificationsHandler {
    static let path = "/my/account/notifications"
    private static let notices = ["saved": "Your choices are saved.", "code": "A code is on its way by SMS.",
                                  "confirmed": "Your phone number is confirmed.", "removed": "The phone number is removed."]

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let done = context.query["done"] ?? ""
        return try context.page(try page(context, codeSent: done == "code", notice: notices[done]))
    }

    /// One radio pair per optional event: `order.placed=true|false`.
    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        _ = try NotificationPreferences.update(form.values(NotificationCatalog.events.map(\.key)), for: context.caller)
        return .redirect(to: path + "?done=saved")
    }

    static func startPhone(_ request: Request, _ context: RequestContext) throws -> Response {
        try PhoneConfirmation.start(phone: try context.form()["phone"] ?? "", for: context.caller)
        return .redirect(to: path + "?done=code")
    }

    static func confirmPhone(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try PhoneConfirmation.confirm(code: try context.form()["code"] ?? "", for: context.caller)
        return .redirect(to: path + "?done=confirmed")
    }

    static func removePhone(_ request: Request, _ context: RequestContext) throws -> Response {
        try PhoneConfirmation.remove(for: context.caller)
        return .redirect(to: path + "?done=removed")
    }

    /// The page again with the refused field named.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(try page(context, errors: refusal.issues, alert: refusal.message), status: refusal.error.status)
    }

    private static func page(_ context: RequestContext, codeSent: Bool = false, errors: [FieldIssue] = [], alert: String? = nil,
                             notice: String? = nil) throws -> MyNotificationsPage {
        MyNotificationsPage(try NotificationPreferences.list(for: context.caller), phone: try PhoneConfirmation.current(for: context.caller),
                            codeSent: codeSent, errors: errors, alert: alert, notice: notice, csrfToken: try context.csrfToken())
    }
}
