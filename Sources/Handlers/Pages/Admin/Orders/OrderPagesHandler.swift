import Foundation
import Domain
import Views

/// `/admin/orders…`: list, new, detail with 2FA-gated edit, payment and deletion.
enum OrderPagesHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let q = context.query
        var rows: [OrderListPage.Row] = []
        var error: String?
        var next: String?
        do {
            let page = try Orders.list(try OrderQuery.filter(q), page: try PageRequest(limit: q["limit"], cursor: q["cursor"]), on: context.connection)
            rows = page.items.map {
                OrderListPage.row(id: $0.id, customer: $0.customerName.isEmpty ? $0.customerEmail : $0.customerName, customerID: $0.customerID,
                                  status: $0.status.rawValue, total: $0.total.description, currency: $0.currency,
                                  itemCount: $0.items.reduce(0) { $0 + $1.quantity }, created: $0.createdAt)
            }
            next = page.nextCursor.map { cursor in
                "/admin/orders?" + ["status", "customer_id", "from", "to"].compactMap { key in q[key].map { "\(key)=\($0.formEncoded)" } }
                    .joined(separator: "&") + "&cursor=\(cursor)"
            }
        } catch DomainError.validation(let issues) {
            error = issues.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
        }
        let page = OrderListPage(rows: rows, status: q["status"] ?? "", customerID: q["customer_id"] ?? "", from: q["from"] ?? "",
                                 to: q["to"] ?? "", error: error, nextHref: next)
        return try context.page(page, status: error == nil ? .ok : .unprocessableContent)
    }

    static func newForm(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let customerID = context.query["customer_id"] ?? ""
        return try renderNew(context, form: QueryParameters(pairs: [("customer_id", customerID)]), errors: FormErrors(), error: nil)
    }

    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let form = try context.form()
        do {
            guard let customerID = Int(form["customer_id"] ?? ""), customerID > 0 else {
                throw DomainError.invalid("customer_id", "must be a customer's id number")
            }
            let order = try OrderPlacement.place(
                customerID: customerID, lines: try OrderLineInput.validate(OrderForm.lineInputs(form)), notes: form["notes"] ?? "",
                on: context.connection, actor: context.actor, origin: context.origin)
            return .redirect(to: "/admin/orders/\(order.id)?done=created")
        } catch DomainError.validation(let issues) {
            return try renderNew(context, form: form, errors: FormErrors(issues.map { ($0.field, $0.message) }), error: nil, status: .unprocessableContent)
        } catch DomainError.conflict(let message) {
            return try renderNew(context, form: form, errors: FormErrors(), error: message, status: .conflict)
        }
    }

    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let order = try load(context)
        let notices = ["created": "Order placed.", "updated": "Order updated.", "paid": "Payment recorded; the servers are handed to provisioning."]
        return try OrderDetailRenderer.render(context, order: order, notice: context.query["done"].flatMap { notices[$0] })
    }

    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.requireStaff()
        let form = try context.form()
        let order = try load(context)
        var change = OrderChanges.Change()
        var submittedLines: [OrderLine]?
        do {
            if form["edit_items"] == "1" {
                let lines = try OrderLineInput.validate(OrderForm.lineInputs(form))
                submittedLines = lines
                if lines != order.items.map({ OrderLine(productID: $0.productID, billingCycle: $0.billingCycle, quantity: $0.quantity,
                                                        hostname: $0.hostname, operatingSystem: $0.operatingSystem) }) {
                    change.lines = lines
                }
            }
            if let notes = form["notes"], notes.trimmingCharacters(in: .whitespacesAndNewlines) != order.notes { change.notes = notes }
            if let text = form["status"], let status = OrderStatus(rawValue: text), status != order.status { change.status = status }
            guard change.lines != nil || change.notes != nil || change.status != nil else {
                return try OrderDetailRenderer.render(context, order: order, notice: "Nothing to change.")
            }
            _ = try OrderChanges(twoFactor: context.services.twoFactor).edit(
                orderID: order.id, expectedVersion: Int(form["version"] ?? ""), change: change, by: staff, code: context.stepUpCode,
                on: context.connection, origin: context.origin)
            return .redirect(to: "/admin/orders/\(order.id)?done=updated")
        } catch let stale as StaleVersion {
            guard case .order(let current) = stale else { throw stale }
            let differences = OrderDetailRenderer.differences(current: current, notes: change.notes, status: change.status, lines: submittedLines)
            return try OrderDetailRenderer.render(
                context, order: current, alert: "Someone else changed this order while you were editing (it is now at version \(current.version)). Check what changed and apply your edit again.",
                differences: differences, status: .conflict)
        } catch let error as DomainError {
            return try OrderDetailRenderer.refusal(error, context: context, order: order, form: form)
        }
    }

    static func pay(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.requireStaff()
        let form = try context.form()
        let order = try load(context)
        do {
            _ = try OrderChanges(twoFactor: context.services.twoFactor).markPaid(
                orderID: order.id, expectedVersion: Int(form["version"] ?? ""), reference: form["reference"] ?? "", by: staff,
                code: context.stepUpCode, on: context.connection, origin: context.origin)
            return .redirect(to: "/admin/orders/\(order.id)?done=paid")
        } catch let stale as StaleVersion {
            guard case .order(let current) = stale else { throw stale }
            return try OrderDetailRenderer.render(context, order: current, alert: "The order changed before your payment was recorded; nothing was charged. Check it and try again.", status: .conflict)
        } catch let error as DomainError {
            return try OrderDetailRenderer.refusal(error, context: context, order: order, form: nil)
        }
    }

    static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.requireStaff()
        let form = try context.form()
        let order = try load(context)
        do {
            try OrderChanges(twoFactor: context.services.twoFactor).delete(
                orderID: order.id, expectedVersion: Int(form["version"] ?? ""), by: staff, code: context.stepUpCode,
                on: context.connection, origin: context.origin)
            return .redirect(to: "/admin/orders")
        } catch let stale as StaleVersion {
            guard case .order(let current) = stale else { throw stale }
            return try OrderDetailRenderer.render(context, order: current, alert: "The order changed since you opened it; it was not deleted.", status: .conflict)
        } catch let error as DomainError {
            return try OrderDetailRenderer.refusal(error, context: context, order: order, form: nil)
        }
    }

    private static func load(_ context: RequestContext) throws -> Order {
        guard let order = try Orders.find(id: try context.idParameter(), on: context.connection) else { throw HTTPError.notFound("No such order.") }
        return order
    }

    private static func renderNew(
        _ context: RequestContext, form: QueryParameters, errors: FormErrors, error: String?, status: HTTPStatus = .ok
    ) throws -> Response {
        let customerID = form["customer_id"] ?? ""
        let customer = try Int(customerID).flatMap { try Customers.find(id: $0, on: context.connection) }
        let page = NewOrderPage(
            customerID: customerID, customerLabel: customer.map { "\($0.name.isEmpty ? $0.email : $0.name) · \($0.email)" },
            notes: form["notes"] ?? "", rows: OrderForm.rows(form, products: try OrderForm.productOptions(on: context), errors: errors),
            errors: errors, error: error, csrfToken: try context.csrfToken())
        return try context.page(page, status: status)
    }
}

extension String {
    /// Percent-encoded for a query string value.
    var formEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
