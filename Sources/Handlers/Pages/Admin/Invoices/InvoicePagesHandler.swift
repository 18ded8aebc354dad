import Domain
import Views

/// `/admin/invoices…`: list with filters, detail with 2FA-gated payment, cancellation and credit notes.
enum InvoicePagesHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let q = context.query
        let page = try Invoices.list(try InvoiceQuery.filter(q), page: try context.pageRequest(), for: context.caller)
        let next = page.nextCursor.map { cursor in
            "/admin/invoices?" + InvoiceListPage.filterKeys.compactMap { key in q[key].map { "\(key)=\($0.formEncoded)" } }
                .joined(separator: "&") + "&cursor=\(cursor)"
        }
        return try listPage(context, invoices: page.items, error: nil, next: next)
    }

    /// The list again, empty, naming the filters that cannot be applied.
    static func refusedList(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try listPage(context, invoices: [], error: refusal.issues.map { "\($0.field) \($0.message)" }.joined(separator: "; "), next: nil)
    }

    private static func listPage(_ context: RequestContext, invoices: [Invoice], error: String?, next: String?) throws -> Response {
        let q = context.query
        return try context.page(InvoiceListPage(invoices: invoices, filters: InvoiceListPage.filterKeys.reduce(into: [:]) { $0[$1] = q[$1] }, error: error, nextHref: next))
    }

    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        let notices = ["paid": "Payment recorded.", "cancelled": "Invoice cancelled.", "credited": "Credit note issued."]
        return try detailPage(context, notice: context.query["done"].flatMap { notices[$0] })
    }

    static func recordPayment(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let invoice = try InvoicePayments(twoFactor: context.services.twoFactor).record(
            invoiceID: try context.idParameter(), amount: try MoneyInput.amount(form["amount"]), method: form["method"] ?? "", reference: form["reference"] ?? "",
            by: context.caller, code: context.stepUpCode)
        return .redirect(to: "/admin/invoices/\(invoice.id)?done=paid")
    }

    static func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        let invoice = try InvoiceCancellation(twoFactor: context.services.twoFactor).cancel(
            invoiceID: try context.idParameter(), by: context.caller, code: context.stepUpCode)
        return .redirect(to: "/admin/invoices/\(invoice.id)?done=cancelled")
    }

    static func createCreditNote(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let id = try context.idParameter()
        _ = try CreditNotes(twoFactor: context.services.twoFactor).create(
            invoiceID: id, amount: try MoneyInput.amount(form["amount"]), reason: form["reason"] ?? "",
            refundTo: try MoneyInput.refundDestination(form["refund_to"]), by: context.caller, code: context.stepUpCode)
        return .redirect(to: "/admin/invoices/\(id)?done=credited")
    }

    /// The invoice page again with why a payment, cancellation or credit note was refused (code missing 401,
    /// wrong 403, throttled 429, not unpaid 409, invalid 422), the payment form as it was typed.
    static func refusedDetail(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let pattern = context.route?.pattern ?? ""
        let typed = pattern.hasSuffix("/payments")
            ? InvoiceDetailPage.PaymentInput(amount: form["amount"] ?? "", method: form["method"] ?? "", reference: form["reference"] ?? "") : nil
        let credit = pattern.hasSuffix("/credit-notes")
            ? InvoiceDetailPage.CreditInput(amount: form["amount"] ?? "", reason: form["reason"] ?? "", refundTo: form["refund_to"] ?? "") : nil
        return try detailPage(context, alert: refusal.message, payment: typed, credit: credit, errors: FormErrors(refusal.issues))
    }

    private static func detailPage(
        _ context: RequestContext, alert: String? = nil, notice: String? = nil, payment: InvoiceDetailPage.PaymentInput? = nil,
        credit: InvoiceDetailPage.CreditInput? = nil, errors: FormErrors = FormErrors()
    ) throws -> Response {
        let invoice = try Invoices.visible(id: try context.idParameter(), to: context.caller)
        return try context.page(InvoiceDetailPage(invoice, payment: payment, credit: credit, errors: errors, alert: alert, notice: notice,
                                                  csrfToken: try context.csrfToken()))
    }
}
