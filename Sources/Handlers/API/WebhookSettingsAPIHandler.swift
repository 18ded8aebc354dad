import Domain

/// `/api/v1/settings/webhooks` (staff read, as they read `/admin/webhooks`; admins change them with `X-2FA-Code`): whether private targets are
/// allowed and after how many consecutive failures a subscription is disabled. The form on
/// `/admin/webhooks` is its page twin.
enum WebhookSettingsAPIHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try WebhookSettings.current(for: context.caller))
    }

    /// `PATCH`: the fields given change, the others stay.
    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try WebhookSettings.update(try JSONObject(context).texts(WebhookSettings.fields), twoFactor: context.services.twoFactor,
                                             by: context.caller, code: context.stepUpCode))
    }
}
