import Foundation
import Domain
import Views

/// `/admin/orders…`: list, new, detail with 2FA-gated edit, payment and deletion.
enum OrderPagesHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let q = context.query
        let page = try Orders.list(try OrderQuery.filter(q), page: try context.pageRequest(), for: context.caller)
        let next = page.nextCursor.map { cursor in
            "/admin/orders?" + ["status", "customer_id", "from", "to"].compactMap { key in q[key].map { "\(key)=\($0.formEncoded)" } }
                .joined(separator: "&") + "&cursor=\(cursor)"
        }
        return try listPage(context, orders: page.items, error: nil, next: next)
    }

    /// The list again, empty, naming the filters that cannot be applied.
    static func refusedList(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try listPage(context, orders: [], error: refusal.issues.map { "\($0.field) \($0.message)" }.joined(separator: "; "), next: nil)
    }

    private static func listPage(_ context: RequestContext, orders: [Order], error: String?, next: String?) throws -> Response {
        let q = context.query
        return try context.page(OrderListPage(orders: orders, status: q["status"] ?? "", customerID: q["customer_id"] ?? "", from: q["from"] ?? "",
                                              to: q["to"] ?? "", error: error, nextHref: next))
    }

    static func newForm(_ request: Request, _ context: RequestContext) throws -> Response {
        try newPage(context, customerID: context.query["customer_id"] ?? "", notes: "", submitted: [:], errors: FormErrors(), error: nil)
    }

    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        guard let customerID = Int(form["customer_id"] ?? ""), customerID > 0 else {
            throw DomainError.invalid("customer_id", "must be a customer's id number")
        }
        let order = try OrderPlacement.place(
            requestedCustomerID: customerID, lines: try OrderLineInput.validate(OrderForm.inputs(form)), notes: form["notes"] ?? "",
            by: context.caller)
        return .redirect(to: "/admin/orders/\(order.id)?done=created")
    }

    /// The new-order form again with what was sent and why it was refused.
    static func refusedNew(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        return try newPage(context, customerID: form["customer_id"] ?? "", notes: form["notes"] ?? "", submitted: OrderForm.lines(form),
                           errors: FormErrors(refusal.issues), error: refusal.issues.isEmpty ? refusal.error.detail : nil)
    }

    private static func newPage(
        _ context: RequestContext, customerID: String, notes: String, submitted: [Int: OrderLineInput], errors: FormErrors, error: String?
    ) throws -> Response {
        let customer = try Int(customerID).flatMap { try Customers.find(id: $0, on: context.connection) }
        return try context.page(NewOrderPage(
            customerID: customerID, customer: customer, notes: notes, submitted: submitted,
            products: try Products.orderable(for: context.caller), errors: errors, error: error, csrfToken: try context.csrfToken()))
    }

    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        let notices = ["created": "Order placed.", "updated": "Order updated.", "paid": "Payment recorded; the servers are handed to provisioning."]
        return try detailPage(context, notice: context.query["done"].flatMap { notices[$0] })
    }

    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let order = try Orders.visible(id: try context.idParameter(), to: context.caller)
        let change = try requestedChange(context, order: order)
        guard change.lines != nil || change.notes != nil || change.status != nil else { return try detailPage(context, notice: "Nothing to change.") }
        _ = try OrderChanges(twoFactor: context.services.twoFactor).edit(
            orderID: order.id, expectedVersion: Int(try context.form()["version"] ?? ""), change: change, by: try context.user,
            code: context.stepUpCode, on: context.connection, origin: context.origin)
        return .redirect(to: "/admin/orders/\(order.id)?done=updated")
    }

    static func pay(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let order = try OrderChanges(twoFactor: context.services.twoFactor).markPaid(
            orderID: try context.idParameter(), expectedVersion: Int(form["version"] ?? ""), reference: form["reference"] ?? "",
            by: try context.user, code: context.stepUpCode, on: context.connection, origin: context.origin)
        return .redirect(to: "/admin/orders/\(order.id)?done=paid")
    }

    static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        try OrderChanges(twoFactor: context.services.twoFactor).delete(
            orderID: try context.idParameter(), expectedVersion: Int(try context.form()["version"] ?? ""), by: try context.user,
            code: context.stepUpCode, on: context.connection, origin: context.origin)
        return .redirect(to: "/admin/orders")
    }

    /// The order page again with why an edit, payment or deletion was refused (code missing
    /// 401, wrong 403, throttled 429, stale or forbidden 409, invalid 422).
    static func refusedDetail(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let action = context.route?.pattern.split(separator: "/").last ?? ""
        if refusal.stale != nil {
            let alert: String
            var wanted: OrderChanges.Change?
            switch action {
            case "pay": alert = "The order changed before your payment was recorded; nothing was charged. Check it and try again."
            case "delete": alert = "The order changed since you opened it; it was not deleted."
            default:
                let current = try Orders.visible(id: try context.idParameter(), to: context.caller)
                alert = "Someone else changed this order while you were editing (it is now at version \(current.version)). Check what changed and apply your edit again."
                wanted = try? requestedChange(context, order: current, keepingUnchanged: true)
            }
            return try detailPage(context, alert: alert, staleEdit: wanted)
        }
        let isEdit = action != "pay" && action != "delete"
        return try detailPage(context, alert: refusal.message, submitted: isEdit && !refusal.issues.isEmpty ? OrderForm.lines(form) : nil,
                              errors: FormErrors(refusal.issues))
    }

    private static func detailPage(
        _ context: RequestContext, alert: String? = nil, notice: String? = nil, submitted: [Int: OrderLineInput]? = nil,
        errors: FormErrors = FormErrors(), staleEdit: OrderChanges.Change? = nil
    ) throws -> Response {
        let overview = try OrderOverview.load(id: try context.idParameter(), for: context.caller)
        return try context.page(OrderDetailPage(
            overview, products: try Products.orderable(including: overview.order.items.map(\.productID), for: context.caller),
            submitted: submitted, errors: errors, staleEdit: staleEdit, alert: alert, notice: notice, csrfToken: try context.csrfToken()))
    }

    /// What the edit form asks to change on `order`: only fields that differ, unless
    /// `keepingUnchanged` (to show a stale edit's whole wish).
    private static func requestedChange(_ context: RequestContext, order: Order, keepingUnchanged: Bool = false) throws -> OrderChanges.Change {
        let form = try context.form()
        var change = OrderChanges.Change()
        if form["edit_items"] == "1" {
            let lines = try OrderLineInput.validate(OrderForm.inputs(form))
            let stored = order.items.map {
                OrderLine(productID: $0.productID, billingCycle: $0.billingCycle, quantity: $0.quantity, hostname: $0.hostname,
                          operatingSystem: $0.operatingSystem)
            }
            if keepingUnchanged || lines != stored { change.lines = lines }
        }
        if let notes = form["notes"], keepingUnchanged || notes.trimmingCharacters(in: .whitespacesAndNewlines) != order.notes { change.notes = notes }
        if let text = form["status"], let status = OrderStatus(rawValue: text), keepingUnchanged || status != order.status { change.status = status }
        return change
    }
}

extension String {
    /// Percent-encoded for a query string value.
    var formEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
