import Domain
import Views

/// `/admin/products`: the catalog table, the product form, activation and deletion.
enum ProductPagesHandler {
    private static let sortLabels: [Products.Sort: String] = [
        .name: "Name", .price: "Monthly price", .created: "Created", .cores: "CPU cores", .ram: "RAM", .id: "Number",
    ]

    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let q = context.query
        var page = Page<Product>(items: [], nextCursor: nil)
        var error: String?
        do {
            let query = try Products.Query(
                type: q["server_type"], active: q["is_active"], location: q["location"], sort: q["sort"], limit: q["limit"],
                cursor: q["cursor"])
            page = try Products.list(query, on: context.connection)
        } catch DomainError.validation(let issues) {
            error = "These filters cannot be applied: " + issues.map { "\($0.field) \($0.message)" }.joined(separator: "; ") + "."
        }
        let type = q["server_type"] ?? "", active = q["is_active"] ?? "", location = q["location"] ?? "", sort = q["sort"] ?? ""
        var locations = try Products.locations(on: context.connection)
        if !location.isEmpty && !locations.contains(location) { locations.append(location) }
        let sortOptions = Products.Sort.allCases.flatMap { key -> [SelectOption] in
            let label = sortLabels[key] ?? key.rawValue
            return [
                SelectOption(value: key.rawValue, label: label + " ↑", selected: sort == key.rawValue || (sort.isEmpty && key == .name)),
                SelectOption(value: "-" + key.rawValue, label: label + " ↓", selected: sort == "-" + key.rawValue),
            ]
        }
        let nextHref = page.nextCursor.map {
            QueryString.link("/admin/products", [
                ("server_type", type), ("is_active", active), ("location", location), ("sort", sort), ("limit", q["limit"]), ("cursor", $0),
            ])
        }
        let listPage = ProductListPage(
            rows: page.items.map(ProductListPage.Row.init),
            typeOptions: [SelectOption(value: "", label: "Any", selected: type.isEmpty)]
                + ServerType.allCases.map { SelectOption(value: $0.rawValue, selected: type == $0.rawValue) },
            activeOptions: [("", "Any"), ("true", "Yes"), ("false", "No")].map { SelectOption(value: $0.0, label: $0.1, selected: active == $0.0) },
            locationOptions: [SelectOption(value: "", label: "Any", selected: location.isEmpty)]
                + locations.map { SelectOption(value: $0, selected: location == $0) },
            sortOptions: sortOptions, nextHref: nextHref, error: error,
            notice: q["deleted"] == "1" ? "The product was deleted." : nil, csrfToken: try context.csrfToken())
        return try context.page(listPage, status: error == nil ? .ok : .unprocessableContent)
    }

    static func new(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        return try context.page(ProductFormPage(productID: nil, version: nil, values: ProductForm.defaults, csrfToken: try context.csrfToken()))
    }

    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let values = ProductForm.values(from: try context.form())
        do {
            let draft = try ProductDraft.validate(ProductForm.input(values, keeping: nil))
            let product = try Products.create(draft, on: context.connection, actor: context.actor, origin: context.origin)
            return .redirect(to: "/admin/products/\(product.id)")
        } catch DomainError.validation(let issues) {
            let page = ProductFormPage(
                productID: nil, version: nil, values: values, errors: errors(issues), csrfToken: try context.csrfToken())
            return try context.page(page, status: .unprocessableContent)
        }
    }

    static func edit(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let product = try stored(context)
        let notice = context.query["saved"] == "1" ? "Saved." : nil
        return try editPage(product, context: context, notice: notice)
    }

    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let product = try stored(context)
        let form = try context.form()
        let version = try context.expectedVersion(body: form["version"].flatMap { Int($0) })
        let values = ProductForm.values(from: form)
        return try save(product, values: values, version: version, context: context, success: "/admin/products/\(product.id)?saved=1")
    }

    static func setActive(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let product = try stored(context)
        let form = try context.form()
        let version = try context.expectedVersion(body: form["version"].flatMap { Int($0) })
        guard let active = form["active"], active == "true" || active == "false" else {
            throw HTTPError(.unprocessableContent, detail: "active must be true or false.", fieldErrors: [.init(field: "active", message: "must be true or false")])
        }
        var values = ProductForm.values(of: product)
        values["is_active"] = active
        let success = form["back"] == "list" ? "/admin/products" : "/admin/products/\(product.id)?saved=1"
        return try save(product, values: values, version: version, context: context, success: success)
    }

    static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        let product = try stored(context)
        do {
            try Products.delete(id: product.id, on: context.connection, actor: context.actor, origin: context.origin)
            return .redirect(to: "/admin/products?deleted=1")
        } catch DomainError.conflict(let message) {
            return try editPage(product, context: context, alert: message, status: .conflict)
        } catch DomainError.notFound {
            throw HTTPError.notFound("No such product.")
        }
    }

    /// Validates and stores `values` over `product`; re-renders with field errors (422) or what changed (409).
    private static func save(
        _ product: Product, values: [String: String], version: Int, context: RequestContext, success: String
    ) throws -> Response {
        do {
            let draft = try ProductDraft.validate(ProductForm.input(values, keeping: product))
            try Products.update(
                id: product.id, expectedVersion: version, with: draft, on: context.connection, actor: context.actor, origin: context.origin)
            return .redirect(to: success)
        } catch DomainError.validation(let issues) {
            let page = ProductFormPage(
                productID: product.id, version: version, values: values, errors: errors(issues), csrfToken: try context.csrfToken())
            return try context.page(page, status: .unprocessableContent)
        } catch StaleVersion.product(let current) {
            let page = ProductFormPage(
                productID: product.id, version: current.version, values: values, csrfToken: try context.csrfToken(),
                alert: "Someone else changed this product while you were editing it (it is now at version \(current.version)). Nothing was saved.",
                changes: ProductForm.changes(current: ProductForm.values(of: current), submitted: values))
            return try context.page(page, status: .conflict)
        } catch DomainError.notFound {
            throw HTTPError.notFound("No such product.")
        }
    }

    private static func editPage(
        _ product: Product, context: RequestContext, alert: String? = nil, notice: String? = nil, status: HTTPStatus = .ok
    ) throws -> Response {
        let page = ProductFormPage(
            productID: product.id, version: product.version, values: ProductForm.values(of: product), csrfToken: try context.csrfToken(),
            alert: alert, notice: notice)
        return try context.page(page, status: status)
    }

    private static func stored(_ context: RequestContext) throws -> Product {
        guard let product = try Products.find(id: try context.idParameter(), on: context.connection) else {
            throw HTTPError.notFound("No such product.")
        }
        return product
    }

    private static func errors(_ issues: [FieldIssue]) -> FormErrors {
        FormErrors(issues.map { ($0.field, $0.message) })
    }
}
