import Domain
import Views

/// `/admin/customers`: search, create, view and edit customers, see their orders, delete them.
enum CustomerPagesHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try Customers.list(search: context.query["search"] ?? "", page: try context.pageRequest(), on: context.connection)
        return try listPage(context, customers: page.items, nextCursor: page.nextCursor, error: nil)
    }

    /// The list again, empty, saying why it cannot be shown.
    static func refusedList(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let error = "This list cannot be shown: " + refusal.issues.map { "\($0.field) \($0.message)" }.joined(separator: "; ") + "."
        return try listPage(context, customers: [], nextCursor: nil, error: error)
    }

    private static func listPage(_ context: RequestContext, customers: [Customer], nextCursor: String?, error: String?) throws -> Response {
        let q = context.query
        let search = q["search"] ?? ""
        let nextHref = nextCursor.map { QueryString.link("/admin/customers", [("search", search), ("limit", q["limit"]), ("cursor", $0)]) }
        return try context.page(CustomerListPage(
            customers: customers, search: search, nextHref: nextHref, error: error, notice: q["deleted"] == "1" ? "The customer was deleted." : nil))
    }

    static func new(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(CustomerFormPage(csrfToken: try context.csrfToken()))
    }

    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let customer = try Customers.create(try submitted(context), on: context.connection, actor: context.actor, origin: context.origin)
        return .redirect(to: "/admin/customers/\(customer.id)")
    }

    /// The new-customer form again with the values sent and their field errors.
    static func refusedNew(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(CustomerFormPage(submitted: try submitted(context), errors: FormErrors(refusal.issues), csrfToken: try context.csrfToken()))
    }

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try context.idParameter()
        return try context.page(CustomerDetailPage(
            try CustomerOverview.load(id: id, for: context.caller), notice: context.query["saved"] == "1" ? "Saved." : nil,
            notifications: try NotificationPreferences.list(customerID: id, for: context.caller), csrfToken: try context.csrfToken()))
    }

    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try context.idParameter()
        let version = try context.expectedVersion(body: try context.form()["version"].flatMap { Int($0) })
        _ = try Customers.update(id: id, expectedVersion: version, try submitted(context), on: context.connection, actor: context.actor,
                                 origin: context.origin)
        return .redirect(to: "/admin/customers/\(id)?saved=1")
    }

    static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        try Customers.delete(id: try context.idParameter(), on: context.connection, actor: context.actor, origin: context.origin)
        return .redirect(to: "/admin/customers?deleted=1")
    }

    /// The customer's page again: the edit sent with its field errors (422), what changed
    /// meanwhile (409, an old version), or why a deletion was refused (409).
    static func refusedDetail(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let id = try context.idParameter()
        let overview = try CustomerOverview.load(id: id, for: context.caller)
        let isEdit = context.route?.pattern.hasSuffix("/delete") == false
        return try context.page(CustomerDetailPage(
            overview, submitted: isEdit ? try submitted(context) : nil, errors: FormErrors(refusal.issues), stale: refusal.stale != nil,
            alert: refusal.issues.isEmpty ? refusal.error.detail : nil,
            notifications: try NotificationPreferences.list(customerID: id, for: context.caller), csrfToken: try context.csrfToken()))
    }

    /// The customer fields the form sent.
    private static func submitted(_ context: RequestContext) throws -> CustomerInput {
        let form = try context.form()
        let isNew = context.route?.pattern == "/admin/customers"
        return CustomerInput(
            email: form["email"] ?? "", name: form["name"] ?? "", company: form["company"] ?? "", phone: form["phone"] ?? "",
            password: isNew ? form["password"] ?? "" : nil, isActive: isNew ? nil : (form["is_active"] == "true" ? "true" : "false"),
            billing: BillingDetailsInput.form(form, staff: true))
    }
}
