import Domain
import Views

/// `/admin/customers/{id}/billing`: the customer's billing tab; staff add credit with a 2FA code
/// and set the customer's dunning terms.
enum CustomerBillingPagesHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try page(context, notice: context.query["added"] == "1" ? "Credit added." : context.query["dunning"] == "1" ? "Dunning terms saved." : nil)
    }

    /// The dunning form: grace days and exemption (an unticked checkbox is absent: not exempt).
    static func updateDunning(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let id = try context.idParameter()
        _ = try DunningCustomer.update(customerID: id, ["grace_days": form["grace_days"] ?? "0", "exempt": form["exempt"] == "true" ? "true" : "false"],
                                      by: context.caller)
        return .redirect(to: "/admin/customers/\(id)/billing?dunning=1")
    }

    static func addCredit(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let id = try context.idParameter()
        _ = try CreditLedger(twoFactor: context.services.twoFactor).add(
            customerID: id, amount: try MoneyInput.amount(form["amount"]), reason: form["reason"] ?? "", by: context.caller,
            code: context.stepUpCode)
        return .redirect(to: "/admin/customers/\(id)/billing?added=1")
    }

    /// The billing tab again with why the credit was refused and the form as it was typed.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        if context.route?.pattern == "/admin/customers/{id}/dunning" {
            return try page(context, alert: refusal.issues.map { "\($0.field) \($0.message)" }.first ?? refusal.message)
        }
        return try page(context, typed: (form["amount"] ?? "", form["reason"] ?? ""), errors: FormErrors(refusal.issues),
                        alert: refusal.message)
    }

    private static func page(
        _ context: RequestContext, typed: (amount: String, reason: String)? = nil, errors: FormErrors = FormErrors(), alert: String? = nil,
        notice: String? = nil
    ) throws -> Response {
        let id = try context.idParameter()
        let billing = try CustomerBilling.load(customerID: id, for: context.caller)
        let dunning = try DunningCustomer.find(customerID: id, for: context.caller)
        return try context.page(CustomerBillingPage(billing, dunning: dunning, typed: typed, errors: errors, alert: alert, notice: notice,
                                                    csrfToken: try context.csrfToken()))
    }
}
