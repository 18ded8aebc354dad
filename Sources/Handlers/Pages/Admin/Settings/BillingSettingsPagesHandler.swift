import Domain
import Views

/// `/admin/settings/billing` (admins): the billing settings and tax rates; each change needs a 2FA code.
enum BillingSettingsPagesHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let notices = ["settings": "Billing settings saved.", "rate": "Tax rate saved.", "deleted": "Tax rate deleted."]
        return try page(context, notice: context.query["saved"].flatMap { notices[$0] })
    }

    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try BillingSettingsChange(twoFactor: context.services.twoFactor).update(try settingsForm(context), by: context.caller,
                                                                                   code: context.stepUpCode)
        return .redirect(to: "/admin/settings/billing?saved=settings")
    }

    static func createRate(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try TaxRates(twoFactor: context.services.twoFactor).create(try rateForm(context), by: context.caller, code: context.stepUpCode)
        return .redirect(to: "/admin/settings/billing?saved=rate")
    }

    static func updateRate(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try TaxRates(twoFactor: context.services.twoFactor).update(
            id: try context.idParameter(), try rateForm(context), by: context.caller, code: context.stepUpCode)
        return .redirect(to: "/admin/settings/billing?saved=rate")
    }

    static func deleteRate(_ request: Request, _ context: RequestContext) throws -> Response {
        try TaxRates(twoFactor: context.services.twoFactor).delete(id: try context.idParameter(), by: context.caller, code: context.stepUpCode)
        return .redirect(to: "/admin/settings/billing?saved=deleted")
    }

    /// The page again with why a change was refused; the settings form or the new rate as typed.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let pattern = context.route?.pattern ?? ""
        let typed = pattern == "/admin/settings/billing" ? try settingsForm(context) : [:]
        let typedRate = pattern == "/admin/settings/billing/tax-rates" ? try rateForm(context) : [:]
        return try page(context, typed: typed, typedRate: typedRate, errors: refusal.issues, alert: refusal.message)
    }

    private static func page(
        _ context: RequestContext, typed: [String: String] = [:], typedRate: [String: String] = [:], errors: [FieldIssue] = [],
        alert: String? = nil, notice: String? = nil
    ) throws -> Response {
        try context.page(BillingSettingsPage(
            settings: try BillingSettings.current(for: context.caller), rates: try TaxRates.list(for: context.caller), typed: typed,
            typedRate: typedRate, errors: errors, alert: alert, notice: notice, csrfToken: try context.csrfToken()))
    }

    /// Every settings field the form sent; unticked checkboxes are absent from a form, so they are false.
    private static func settingsForm(_ context: RequestContext) throws -> [String: String] {
        let form = try context.form()
        var fields: [String: String] = [:]
        for name in BillingSettingsChange.fields { fields[name] = form[name] }
        for name in ["apply_credit_automatically", "prices_include_tax"] { fields[name] = form[name] == "true" ? "true" : "false" }
        return fields
    }

    private static func rateForm(_ context: RequestContext) throws -> [String: String] {
        let form = try context.form()
        var fields: [String: String] = [:]
        for name in ["country", "region", "name", "rate"] { fields[name] = form[name] }
        return fields
    }
}
