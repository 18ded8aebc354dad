import Domain
import Views

/// `/admin/products`: the catalog table, the product form, activation and deletion.
enum ProductPagesHandler {
    private static let sortLabels: [Products.Sort: String] = [
        .name: "Name", .price: "Monthly price", .created: "Created", .cores: "CPU cores", .ram: "RAM", .id: "Number",
    ]

    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let q = context.query
        let query = try Products.Query(
            type: q["server_type"], active: q["is_active"], location: q["location"], sort: q["sort"], limit: q["limit"], cursor: q["cursor"])
        return try listPage(context, page: try Products.list(query, for: context.caller), error: nil)
    }

    /// The list again, empty, saying which filters could not be applied.
    static func refusedList(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let error = "These filters cannot be applied: " + refusal.issues.map { "\($0.field) \($0.message)" }.joined(separator: "; ") + "."
        return try listPage(context, page: Page(items: [], nextCursor: nil), error: error)
    }

    private static func listPage(_ context: RequestContext, page: Page<Product>, error: String?) throws -> Response {
        let q = context.query
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
            products: page.items,
            typeOptions: [SelectOption(value: "", label: "Any", selected: type.isEmpty)]
                + ServerType.allCases.map { SelectOption(value: $0.rawValue, selected: type == $0.rawValue) },
            activeOptions: [("", "Any"), ("true", "Yes"), ("false", "No")].map { SelectOption(value: $0.0, label: $0.1, selected: active == $0.0) },
            locationOptions: [SelectOption(value: "", label: "Any", selected: location.isEmpty)]
                + locations.map { SelectOption(value: $0, selected: location == $0) },
            sortOptions: sortOptions, nextHref: nextHref, error: error,
            notice: q["deleted"] == "1" ? "The product was deleted." : nil, csrfToken: try context.csrfToken())
        return try context.page(listPage)
    }

    static func new(_ request: Request, _ context: RequestContext) throws -> Response {
        return try context.page(ProductFormPage(productID: nil, version: nil, values: ProductForm.defaults, csrfToken: try context.csrfToken()))
    }

    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let draft = try ProductDraft.validate(ProductForm.input(try submitted(context, product: nil), keeping: nil))
        let product = try Products.create(draft, on: context.connection, actor: context.actor, origin: context.origin)
        return .redirect(to: "/admin/products/\(product.id)")
    }

    static func edit(_ request: Request, _ context: RequestContext) throws -> Response {
        let product = try Products.visible(id: try context.idParameter(), to: context.caller)
        return try context.page(ProductFormPage(
            productID: product.id, version: product.version, values: ProductForm.values(of: product), csrfToken: try context.csrfToken(),
            notice: context.query["saved"] == "1" ? "Saved." : nil))
    }

    /// Saves the form over the product (also the activation toggle, which sends only `active`).
    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let product = try Products.visible(id: try context.idParameter(), to: context.caller)
        let form = try context.form()
        let version = try context.expectedVersion(body: form["version"].flatMap { Int($0) })
        let draft = try ProductDraft.validate(ProductForm.input(try submitted(context, product: product), keeping: product))
        try Products.update(id: product.id, expectedVersion: version, with: draft, on: context.connection, actor: context.actor, origin: context.origin)
        let toList = context.route?.pattern.hasSuffix("/active") == true && form["back"] == "list"
        return .redirect(to: toList ? "/admin/products" : "/admin/products/\(product.id)?saved=1")
    }

    static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        try Products.delete(id: try context.idParameter(), on: context.connection, actor: context.actor, origin: context.origin)
        return .redirect(to: "/admin/products?deleted=1")
    }

    /// The form again: the values sent with their field errors (422), what changed meanwhile
    /// (409, an old version), or why a deletion was refused (409).
    static func refusedForm(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let product = context.parameters["id"] == nil ? nil : try Products.visible(id: try context.idParameter(), to: context.caller)
        let values = try submitted(context, product: product)
        var version = try context.form()["version"].flatMap { Int($0) } ?? product?.version
        var alert: String?
        var changes: [(field: String, current: String, yours: String)] = []
        if case .product(let current)? = refusal.stale {
            version = current.version
            alert = "Someone else changed this product while you were editing it (it is now at version \(current.version)). Nothing was saved."
            changes = ProductForm.changes(current: ProductForm.values(of: current), submitted: values)
        } else if refusal.issues.isEmpty {
            alert = refusal.error.detail
        }
        return try context.page(ProductFormPage(
            productID: product?.id, version: version, values: values, errors: FormErrors(refusal.issues), csrfToken: try context.csrfToken(),
            alert: alert, changes: changes))
    }

    /// The form values a request stands for: the form itself, the stored product with only its
    /// activation changed (the toggle), or the stored product (a deletion).
    private static func submitted(_ context: RequestContext, product: Product?) throws -> [String: String] {
        let pattern = context.route?.pattern ?? ""
        guard let product, pattern.hasSuffix("/active") || pattern.hasSuffix("/delete") else { return ProductForm.values(from: try context.form()) }
        var values = ProductForm.values(of: product)
        if pattern.hasSuffix("/active") {
            let active = try context.form()["active"]
            guard active == "true" || active == "false" else { throw DomainError.invalid("active", "must be true or false") }
            values["is_active"] = active
        }
        return values
    }
}
