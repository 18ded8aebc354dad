import Domain
import Foundation

/// `/api/v1/invoices`: staff see all, customers their own; payments and cancellation need a 2FA code.
enum InvoicesAPIHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let filter = try InvoiceQuery.filter(context.query)
        let page = try Invoices.list(filter, page: try PageRequest(limit: context.query["limit"], cursor: context.query["cursor"]), for: context.caller)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try Invoices.visible(id: try context.idParameter(), to: context.caller))
    }

    static func recordPayment(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        let amount = try AmountField.parse(try body.text("amount"))
        let invoice = try InvoicePayments(twoFactor: context.services.twoFactor).record(
            invoiceID: try context.idParameter(), amount: amount, method: try body.text("method") ?? "", reference: try body.text("reference") ?? "",
            by: context.caller, code: context.stepUpCode)
        return try .json(invoice, status: .created)
    }

    static func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try InvoiceCancellation(twoFactor: context.services.twoFactor).cancel(
            invoiceID: try context.idParameter(), by: context.caller, code: context.stepUpCode))
    }
}
