import Foundation
import Domain

/// Online payments over JSON: starting a checkout (`POST /api/v1/invoices/{id}/checkout`, the
/// invoice's owner or staff), the staff lists, refunds (staff, `X-2FA-Code`), and the gateway
/// settings (admins, `X-2FA-Code`).
enum PaymentsAPIHandler {
    /// `{"gateway": "demo"}` → `{"url": …, "session": …}`: where to send the customer.
    static func checkout(_ request: Request, _ context: RequestContext) throws -> Response {
        let gateway = try JSONObject(context).texts(["gateway"])["gateway"] ?? ""
        guard !gateway.isEmpty else { throw DomainError.invalid("gateway", "is required") }
        let started = try CheckoutSessions.start(invoiceID: try context.idParameter(), gateway: gateway, by: context.caller,
                                                 gateways: context.services.paymentGateways)
        return try .json(Started(url: absolute(started.url, request), session: started.session), status: .created)
    }

    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try PaymentRecords.transactions(page: try context.pageRequest(), for: context.caller)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    static func notifications(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try PaymentRecords.notifications(page: try context.pageRequest(), for: context.caller)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    /// Automatic card charges newest first; `?status=failed` (or pending, unknown, succeeded) filters.
    static func attempts(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try PaymentAttempts.list(status: context.query["status"], page: try context.pageRequest(), for: context.caller)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    /// `POST /api/v1/payments/{id}/refunds` (`id`: a transaction of `/api/v1/payments`): `{"amount", "reason"}` → the refund.
    static func refund(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        let refund = try PaymentRefunds(twoFactor: context.services.twoFactor, gateways: context.services.paymentGateways).refund(
            transactionID: try context.idParameter(), amount: try MoneyInput.amount(try body.text("amount")), reason: try body.text("reason") ?? "",
            by: context.caller, code: context.stepUpCode)
        return try .json(refund, status: .created)
    }

    /// `GET /api/v1/payments/refunds?status=&gateway=`: the refunds table of `/admin/payments`, newest first.
    static func refunds(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try PaymentRefunds.list(page: try context.pageRequest(), status: context.query["status"], gateway: context.query["gateway"],
                                           for: context.caller)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    /// `POST /api/v1/payments/refunds/{id}/settle` `{"gateway_refund_id"}`: a refund that needs attention, refunded at the gateway.
    static func settleRefund(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try JSONObject(context).text("gateway_refund_id") ?? ""
        return try .json(try RefundSettlement(twoFactor: context.services.twoFactor).settle(
            refundID: try context.idParameter(), gatewayRefundID: id, by: context.caller, code: context.stepUpCode))
    }

    /// `POST /api/v1/payments/refunds/{id}/refuse` `{"reason"}`: a refund that needs attention, not made at the gateway.
    static func refuseRefund(_ request: Request, _ context: RequestContext) throws -> Response {
        let reason = try JSONObject(context).text("reason") ?? ""
        return try .json(try RefundSettlement(twoFactor: context.services.twoFactor).refuse(
            refundID: try context.idParameter(), reason: reason, by: context.caller, code: context.stepUpCode))
    }

    static func settings(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(ListBody(items: try PaymentGateways.list(for: context.caller), nextCursor: nil))
    }

    /// `PATCH`: the fields given change, the others stay.
    static func updateSettings(_ request: Request, _ context: RequestContext) throws -> Response {
        let change = PaymentSettingsChange(gateways: context.services.paymentGateways, twoFactor: context.services.twoFactor)
        let body = try JSONObject(context)
        var input = try JSONObject(fields: body.fields.filter { $0.key != "options" }).texts(PaymentSettingsChange.fields)
        // A loadable gateway's options arrive as a JSON object; the use case takes every field as text.
        if let options = body.fields["options"] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            input["options"] = String(decoding: try encoder.encode(options), as: UTF8.self)
        }
        return try .json(try change.update(gateway: try context.parameter("gateway"), input, by: context.caller, code: context.stepUpCode))
    }

    /// A portal-relative URL made absolute with the host the client used.
    static func absolute(_ url: String, _ request: Request) -> String {
        guard url.hasPrefix("/"), let host = request.headers["host"] else { return url }
        return (request.isHTTPS ? "https://" : "http://") + host + url
    }

    private struct Started: Encodable {
        var url: String
        var session: CheckoutSessionRecord
    }
}
