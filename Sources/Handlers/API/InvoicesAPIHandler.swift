import Domain
import Foundation

/// `/api/v1/invoices`: staff see all, customers their own; payments, cancellation and credit notes need a 2FA code.
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
        let invoice = try InvoicePayments(twoFactor: context.services.twoFactor).record(
            invoiceID: try context.idParameter(), amount: try MoneyInput.amount(try body.text("amount")), method: try body.text("method") ?? "", reference: try body.text("reference") ?? "",
            by: context.caller, code: context.stepUpCode)
        return try .json(invoice, status: .created)
    }

    static func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try InvoiceCancellation(twoFactor: context.services.twoFactor).cancel(
            invoiceID: try context.idParameter(), by: context.caller, code: context.stepUpCode))
    }

    static func createCreditNote(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        let note = try CreditNotes(twoFactor: context.services.twoFactor).create(
            invoiceID: try context.idParameter(), amount: try MoneyInput.amount(try body.text("amount")), reason: try body.text("reason") ?? "",
            refundTo: try MoneyInput.refundDestination(try body.text("refund_to")), by: context.caller, code: context.stepUpCode)
        return try .json(note, status: .created)
    }
}
