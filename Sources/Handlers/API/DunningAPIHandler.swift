import Domain

/// `/api/v1/settings/dunning` (admins; changes need `X-2FA-Code`), `/api/v1/customers/{id}/dunning`
/// (staff: a customer's grace days and exemption) and `/api/v1/automation/runs` (staff): the JSON
/// twins of `/admin/settings/dunning`, the customer billing tab's dunning form and `/admin/automation`.
enum DunningAPIHandler {
    static func showSettings(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try DunningSettings.current(for: context.caller))
    }

    /// `PATCH`: the fields given change, the others stay; day lists as JSON lists of numbers (or "7, 3").
    static func updateSettings(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        var input = try body.texts(["enabled", "suspend_after_days", "suspension_warning_days", "terminate_after_days", "termination_warning_days"])
        for key in ["reminder_days", "overdue_notice_days"] {
            guard let value = body.fields[key] else { continue }
            if case .array(let items) = value {
                input[key] = try items.map { item -> String in
                    guard case .number(let n) = item, n.rounded() == n, abs(n) < 1e6 else {
                        throw HTTPError(.unprocessableContent, title: "Invalid input", detail: "\(key) must be a list of whole numbers",
                                        fieldErrors: [.init(field: key, message: "must be a list of whole numbers of days")])
                    }
                    return String(Int(n))
                }.joined(separator: ",")
            } else if let text = try body.text(key) {
                input[key] = text
            }
        }
        return try .json(try DunningSettingsChange(twoFactor: context.services.twoFactor).update(input, by: context.caller, code: context.stepUpCode))
    }

    static func showCustomer(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try DunningCustomer.find(customerID: try context.idParameter(), for: context.caller))
    }

    /// `PATCH`: `grace_days` and `exempt`; absent ones stay.
    static func updateCustomer(_ request: Request, _ context: RequestContext) throws -> Response {
        let input = try JSONObject(context).texts(["grace_days", "exempt"])
        return try .json(try DunningCustomer.update(customerID: try context.idParameter(), input, by: context.caller))
    }

    static func runs(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(ListBody(items: try DunningRuns.list(for: context.caller), nextCursor: nil))
    }
}
