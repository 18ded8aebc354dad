import Domain

/// `/api/v1/settings/billing` and `/api/v1/tax-rates` (admins): the JSON twins of
/// `/admin/settings/billing`; every change needs `X-2FA-Code`.
enum BillingSettingsAPIHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try BillingSettings.current(for: context.caller))
    }

    /// `PATCH`: the fields given change, the others stay.
    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        return try .json(try BillingSettingsChange(twoFactor: context.services.twoFactor).update(
            try body.texts(BillingSettingsChange.fields), by: context.caller, code: context.stepUpCode))
    }

    static func listRates(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(ListBody(items: try TaxRates.list(for: context.caller), nextCursor: nil))
    }

    static func createRate(_ request: Request, _ context: RequestContext) throws -> Response {
        let rate = try TaxRates(twoFactor: context.services.twoFactor).create(try rateFields(context), by: context.caller, code: context.stepUpCode)
        var response = try Response.json(rate, status: .created)
        response.setHeader("Location", "/api/v1/tax-rates/\(rate.id)")
        return response
    }

    /// `PUT`: the rate's fields replaced (`country`, `region`, `name`, `rate`).
    static func updateRate(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try TaxRates(twoFactor: context.services.twoFactor).update(
            id: try context.idParameter(), try rateFields(context), by: context.caller, code: context.stepUpCode))
    }

    static func deleteRate(_ request: Request, _ context: RequestContext) throws -> Response {
        try TaxRates(twoFactor: context.services.twoFactor).delete(id: try context.idParameter(), by: context.caller, code: context.stepUpCode)
        return Response(status: .noContent)
    }

    private static func rateFields(_ context: RequestContext) throws -> [String: String] {
        try JSONObject(context).texts(["country", "region", "name", "rate"])
    }
}
