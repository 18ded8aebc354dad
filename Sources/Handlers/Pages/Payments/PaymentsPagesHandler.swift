import Domain
import Views

/// `/admin/payments` (staff; a refund needs a 2FA code) and `/admin/settings/payments` (admins; each change needs a 2FA code).
enum PaymentsPagesHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try listPage(context, notice: context.query["refunded"].map { "Refund \($0) made; its credit note is on the invoice." }
                        ?? context.query["settled"].map { "Refund \($0) settled by hand." })
    }

    static func refund(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let refund = try PaymentRefunds(twoFactor: context.services.twoFactor, gateways: context.services.paymentGateways).refund(
            transactionID: try context.idParameter(), amount: try MoneyInput.amount(form["amount"]), reason: form["reason"] ?? "",
            by: context.caller, code: context.stepUpCode)
        return .redirect(to: "/admin/payments?refunded=\(refund.id)")
    }

    /// A refund that needs attention settled by hand: `action` "settle" (with the gateway's refund id) or "refuse" (with why).
    static func settleRefund(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let settlement = RefundSettlement(twoFactor: context.services.twoFactor)
        let id = try context.idParameter()
        if form["action"] == "refuse" {
            _ = try settlement.refuse(refundID: id, reason: form["reason"] ?? "", by: context.caller, code: context.stepUpCode)
        } else {
            _ = try settlement.settle(refundID: id, gatewayRefundID: form["gateway_refund_id"] ?? "", by: context.caller, code: context.stepUpCode)
        }
        return .redirect(to: "/admin/payments?settled=\(id)")
    }

    /// The list again with why settling a refund by hand was refused.
    static func refusedSettlement(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try listPage(context, alert: ([refusal.message] + refusal.issues.map { "\($0.field) \($0.message)" }).joined(separator: " "))
    }

    /// The list again with why a refund was refused (the gateway's own reason when it refused), the form as typed.
    static func refusedRefund(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let typed = PaymentsPage.RefundInput(transactionID: try context.idParameter(), amount: form["amount"] ?? "", reason: form["reason"] ?? "",
                                             errors: refusal.issues.map { "\($0.field) \($0.message)" })
        return try listPage(context, alert: refusal.message, typed: typed)
    }

    private static func listPage(_ context: RequestContext, alert: String? = nil, notice: String? = nil, typed: PaymentsPage.RefundInput? = nil)
        throws -> Response {
        let transactions = try PaymentRecords.transactions(page: try context.pageRequest(), for: context.caller)
        let notifications = try PaymentRecords.notifications(page: PageRequest(), for: context.caller)
        return try context.page(PaymentsPage(transactions: transactions, notifications: notifications,
                                             refunds: try PaymentRefunds.list(page: PageRequest(), for: context.caller).items, typed: typed, alert: alert, notice: notice,
                                             csrfToken: try context.csrfToken(),
                                             failedCharges: try PaymentAttempts.list(status: "failed", page: PageRequest(limit: 20), for: context.caller).items))
    }

    static func settings(_ request: Request, _ context: RequestContext) throws -> Response {
        try settingsPage(context, notice: context.query["saved"].map { "Settings of \($0) saved." })
    }

    static func updateSettings(_ request: Request, _ context: RequestContext) throws -> Response {
        let gateway = try context.parameter("gateway")
        let change = PaymentSettingsChange(gateways: context.services.paymentGateways, twoFactor: context.services.twoFactor)
        _ = try change.update(gateway: gateway, try form(context), by: context.caller, code: context.stepUpCode)
        return .redirect(to: "/admin/settings/payments?saved=\(gateway)")
    }

    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try settingsPage(context, refused: try context.parameter("gateway"), errors: refusal.issues, alert: refusal.message)
    }

    private static func settingsPage(_ context: RequestContext, refused: String? = nil, errors: [FieldIssue] = [], alert: String? = nil,
                                     notice: String? = nil) throws -> Response {
        try context.page(PaymentSettingsPage(try PaymentGateways.list(for: context.caller), refused: refused, errors: errors, alert: alert,
                                             notice: notice, csrfToken: try context.csrfToken()))
    }

    /// The form's fields: a checkbox sends its hidden "false" and, when ticked, "true"; an empty secret field leaves the secret.
    private static func form(_ context: RequestContext) throws -> [String: String] {
        let form = try context.form()
        var values = form.values(["display_name", "delay_seconds"])
        for flag in ["enabled", "decline", "send_twice", "refuse_refunds"] where !form.all(flag).isEmpty {
            values[flag] = form.all(flag).contains("true") ? "true" : "false"
        }
        for secret in ["webhook_secret", "api_key"] { if let text = form[secret], !text.isEmpty { values[secret] = text } }
        return values
    }
}
