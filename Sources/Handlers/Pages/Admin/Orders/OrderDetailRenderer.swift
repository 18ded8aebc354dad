import Domain
import Views

/// Builds the order detail page, including refusals and "what changed" after a stale edit.
enum OrderDetailRenderer {
    static func render(
        _ context: RequestContext, order: Order, alert: String? = nil, notice: String? = nil,
        differences: [OrderDetailPage.Difference] = [], editRows: [OrderLineRow]? = nil, status: HTTPStatus = .ok
    ) throws -> Response {
        let products = try OrderForm.productOptions(on: context, including: order.items.map(\.productID))
        let history = try AuditLog.list(on: context.connection, page: PageRequest(limit: 50), targetType: "order", targetID: String(order.id))
        let page = OrderDetailPage(
            id: order.id, status: order.status.rawValue, successors: order.status.successors.map(\.rawValue).sorted(),
            customer: order.customerName.isEmpty ? order.customerEmail : "\(order.customerName) · \(order.customerEmail)",
            customerID: order.customerID, total: "\(order.total) \(order.currency)", notes: order.notes, version: order.version,
            created: order.createdAt, paid: order.paidAt,
            items: order.items.map {
                OrderDetailPage.Item(product: $0.productName, cycle: $0.billingCycle.rawValue, quantity: $0.quantity, unitPrice: $0.unitPrice.description,
                                     setupFee: $0.setupFee.description, lineTotal: $0.lineTotal.description, hostname: $0.hostname, operatingSystem: $0.operatingSystem)
            },
            editRows: editRows ?? OrderForm.rows(order.items, products: products),
            history: history.items.map { entry in
                OrderDetailPage.HistoryEntry(when: Display.dateTime(entry.occurredAt), who: entry.actorLabel, action: entry.action, change: summary(entry))
            },
            servers: try Instances.forOrder(order.id, on: context.connection).map {
                OrderDetailPage.Server(id: $0.id, hostname: $0.hostname.isEmpty ? "server \($0.id)" : $0.hostname, ipAddress: $0.ipAddress,
                                       status: $0.status.rawValue, failureReason: $0.failureReason)
            },
            alert: alert, notice: notice, differences: differences, csrfToken: try context.csrfToken())
        return try context.page(page, status: status)
    }

    /// Re-shows the page with why a change was refused (code missing 401, wrong 403, conflict 409, invalid 422).
    static func refusal(_ error: DomainError, context: RequestContext, order: Order, form: QueryParameters?) throws -> Response {
        let mapped = HTTPError(error)
        var rows: [OrderLineRow]?
        var message = mapped.detail
        if case .validation(let issues) = error {
            message = "Not saved: " + issues.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
            if let form {
                let products = try OrderForm.productOptions(on: context, including: order.items.map(\.productID))
                rows = OrderForm.rows(form, products: products, errors: FormErrors(issues.map { ($0.field, $0.message) }))
            }
        }
        var response = try render(context, order: order, alert: message, editRows: rows, status: mapped.status)
        response.addHeaders(of: mapped)
        return response
    }

    /// Fields where the stored order differs from what a stale edit wanted.
    static func differences(current: Order, notes: String?, status: OrderStatus?, lines: [OrderLine]?) -> [OrderDetailPage.Difference] {
        var result: [OrderDetailPage.Difference] = []
        if let notes, notes != current.notes { result.append(.init(field: "notes", current: current.notes, yours: notes)) }
        if let status, status != current.status { result.append(.init(field: "status", current: current.status.rawValue, yours: status.rawValue)) }
        if let lines {
            let now = current.items.map { "\($0.quantity) × #\($0.productID) \($0.billingCycle.rawValue)" }.joined(separator: ", ")
            let yours = lines.map { "\($0.quantity) × #\($0.productID) \($0.billingCycle.rawValue)" }.joined(separator: ", ")
            if now != yours { result.append(.init(field: "items", current: now, yours: yours)) }
        }
        result.append(.init(field: "version", current: String(current.version), yours: "based on an older one"))
        return result
    }

    /// A short description of an audit entry's change for the history table.
    static func summary(_ entry: AuditEntry) -> String {
        guard case .object(let after)? = entry.after.flatMap(JSONValue.parse) else { return "" }
        guard case .object(let before)? = entry.before.flatMap(JSONValue.parse) else {
            if case .string(let total)? = after["total"], case .string(let status)? = after["status"] { return "\(status), total \(total)" }
            return ""
        }
        return ["status", "total", "notes", "version"].compactMap { key -> String? in
            guard let old = before[key], let new = after[key], old != new else { return nil }
            return "\(key): \(describe(old)) → \(describe(new))"
        }.joined(separator: "; ")
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text.isEmpty ? "—" : text
        case .number(let number): return number.rounded() == number ? String(Int64(number)) : String(number)
        case .bool(let flag): return String(flag)
        default: return "…"
        }
    }
}
