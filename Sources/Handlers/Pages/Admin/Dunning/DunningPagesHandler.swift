import Domain
import Views

/// `/admin/settings/dunning` (admins; a change needs a 2FA code) and `/admin/automation` (staff:
/// the recorded dunning runs).
enum DunningPagesHandler {
    static func settings(_ request: Request, _ context: RequestContext) throws -> Response {
        try page(context, notice: context.query["saved"] == "1" ? "Dunning settings saved." : nil)
    }

    static func updateSettings(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try DunningSettingsChange(twoFactor: context.services.twoFactor).update(try form(context), by: context.caller, code: context.stepUpCode)
        return .redirect(to: "/admin/settings/dunning?saved=1")
    }

    /// The form again, as typed, with why the change was refused.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try page(context, typed: try form(context), errors: refusal.issues, alert: refusal.message)
    }

    static func automation(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(AutomationPage(runs: try DunningRuns.list(for: context.caller)))
    }

    private static func page(_ context: RequestContext, typed: [String: String] = [:], errors: [FieldIssue] = [], alert: String? = nil,
                             notice: String? = nil) throws -> Response {
        try context.page(DunningSettingsPage(settings: try DunningSettings.current(for: context.caller), typed: typed, errors: errors,
                                             alert: alert, notice: notice, csrfToken: try context.csrfToken()))
    }

    /// Every field the form sent; the unticked `enabled` checkbox is absent from a form, so false.
    private static func form(_ context: RequestContext) throws -> [String: String] {
        let form = try context.form()
        var fields: [String: String] = [:]
        for name in DunningSettings.fields { fields[name] = form[name] }
        fields["enabled"] = form["enabled"] == "true" ? "true" : "false"
        return fields
    }
}
