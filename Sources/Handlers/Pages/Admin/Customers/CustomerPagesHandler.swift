import Domain
import Views

/// `/admin/customers`: search, create, view and edit customers, see their orders, delete them.
enum CustomerPagesHandler {
    /// How many of a customer's orders the detail page shows.
    private static let orderLimit = 20

    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let q = context.query
        let search = q["search"] ?? ""
        var page = Page<Customer>(items: [], nextCursor: nil)
        var error: String?
        do {
            page = try Customers.list(search: search, page: try PageRequest(limit: q["limit"], cursor: q["cursor"]), on: context.connection)
        } catch DomainError.validation(let issues) {
            error = "This list cannot be shown: " + issues.map { "\($0.field) \($0.message)" }.joined(separator: "; ") + "."
        }
        let nextHref = page.nextCursor.map { QueryString.link("/admin/customers", [("search", search), ("limit", q["limit"]), ("cursor", $0)]) }
        let listPage = CustomerListPage(
            rows: page.items.map(CustomerListPage.Row.init), search: search, nextHref: nextHref, error: error,
            notice: q["deleted"] == "1" ? "The customer was deleted." : nil)
        return try context.page(listPage, status: error == nil ? .ok : .unprocessableContent)
    }

    static func new(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        return try context.page(CustomerFormPage(minimumPasswordLength: AccountInput.minimumPasswordLength, csrfToken: try context.csrfToken()))
    }

    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let form = try context.form()
        let input = CustomerInput(
            email: form["email"] ?? "", name: form["name"] ?? "", company: form["company"] ?? "", phone: form["phone"] ?? "",
            password: form["password"] ?? "")
        do {
            let customer = try Customers.create(input, on: context.connection, actor: context.actor, origin: context.origin)
            return .redirect(to: "/admin/customers/\(customer.id)")
        } catch DomainError.validation(let issues) {
            let page = CustomerFormPage(
                email: input.email ?? "", name: input.name ?? "", company: input.company ?? "", phone: input.phone ?? "",
                errors: errors(issues), minimumPasswordLength: AccountInput.minimumPasswordLength, csrfToken: try context.csrfToken())
            return try context.page(page, status: .unprocessableContent)
        }
    }

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let customer = try stored(context)
        let notice = context.query["saved"] == "1" ? "Saved." : nil
        return try detail(customer, context: context, notice: notice)
    }

    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let customer = try stored(context)
        let form = try context.form()
        let version = try context.expectedVersion(body: form["version"].flatMap { Int($0) })
        let values = CustomerDetailPage.Values(
            email: form["email"] ?? "", name: form["name"] ?? "", company: form["company"] ?? "", phone: form["phone"] ?? "",
            isActive: form["is_active"] == "true")
        let input = CustomerInput(
            email: values.email, name: values.name, company: values.company, phone: values.phone, isActive: values.isActive ? "true" : "false")
        do {
            _ = try Customers.update(
                id: customer.id, expectedVersion: version, input, on: context.connection, actor: context.actor, origin: context.origin)
            return .redirect(to: "/admin/customers/\(customer.id)?saved=1")
        } catch DomainError.validation(let issues) {
            return try detail(customer, form: values, errors: errors(issues), context: context, status: .unprocessableContent)
        } catch StaleVersion.customer(let current) {
            return try detail(
                current, form: values, context: context,
                alert: "Someone else changed this customer while you were editing (it is now at version \(current.version)). Nothing was saved.",
                changes: changes(current: current, submitted: values), status: .conflict)
        } catch DomainError.notFound {
            throw HTTPError.notFound("No such customer.")
        }
    }

    static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let customer = try stored(context)
        do {
            try Customers.delete(id: customer.id, on: context.connection, actor: context.actor, origin: context.origin)
            return .redirect(to: "/admin/customers?deleted=1")
        } catch DomainError.conflict(let message) {
            return try detail(customer, context: context, alert: message, status: .conflict)
        } catch DomainError.notFound {
            throw HTTPError.notFound("No such customer.")
        }
    }

    private static func detail(
        _ customer: Customer, form: CustomerDetailPage.Values? = nil, errors: FormErrors = FormErrors(), context: RequestContext,
        alert: String? = nil, notice: String? = nil, changes: [FieldChange] = [], status: HTTPStatus = .ok
    ) throws -> Response {
        let orders = try Orders.list(Orders.Filter(customerID: customer.id), page: PageRequest(limit: orderLimit), on: context.connection)
        let page = CustomerDetailPage(
            customer: customer, form: form, errors: errors, orders: orders.items, moreOrders: orders.nextCursor != nil, alert: alert,
            notice: notice, changes: changes, csrfToken: try context.csrfToken())
        return try context.page(page, status: status)
    }

    /// Fields where the stored customer differs from what the user submitted.
    private static func changes(current: Customer, submitted: CustomerDetailPage.Values) -> [FieldChange] {
        let trim = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let pairs: [(String, String, String)] = [
            ("Name", current.name, trim(submitted.name)), ("Email", current.email, trim(submitted.email).lowercased()),
            ("Company", current.company, trim(submitted.company)), ("Phone", current.phone, trim(submitted.phone)),
            ("Active", current.isActive ? "yes" : "no", submitted.isActive ? "yes" : "no"),
        ]
        return pairs.filter { $0.1 != $0.2 }.map { FieldChange(label: $0.0, current: $0.1, yours: $0.2) }
    }

    private static func stored(_ context: RequestContext) throws -> Customer {
        guard let customer = try Customers.find(id: try context.idParameter(), on: context.connection) else {
            throw HTTPError.notFound("No such customer.")
        }
        return customer
    }

    private static func errors(_ issues: [FieldIssue]) -> FormErrors {
        FormErrors(issues.map { ($0.field, $0.message) })
    }
}
