import Domain

/// `/api/v1/dedicated-servers/products`: anyone signed in reads (customers see active ones); staff write.
enum ProductsAPIHandler {
    static let scalarFields = [
        "name", "description", "server_type", "cpu_cores", "cpu_model", "ram_gb", "storage_gb", "storage_type", "bandwidth_tb",
        "ip_addresses", "datacenter_location", "region", "price_monthly", "price_quarterly", "price_yearly", "setup_fee", "monthly_cost",
        "provisioning_type", "provisioning_module", "provider", "is_active", "stock_count",
    ]

    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let q = context.query
        let query = try Products.Query(
            type: q["server_type"], active: q["is_active"], location: q["location"] ?? q["datacenter_location"], sort: q["sort"],
            limit: q["limit"], cursor: q["cursor"])
        let page = try Products.list(query, for: context.caller)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try tagged(try Products.visible(id: try context.idParameter(), to: context.caller))
    }

    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let draft = try ProductDraft.validate(try input(JSONObject(context)))
        let product = try Products.create(draft, on: context.connection, actor: context.actor, origin: context.origin)
        var response = try tagged(product, status: .created)
        response.setHeader("Location", "/api/v1/dedicated-servers/products/\(product.id)")
        return response
    }

    static func replace(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        let version = try context.expectedVersion(body: try body.integer("version"))
        let draft = try ProductDraft.validate(try input(body))
        let product = try Products.update(
            id: try context.idParameter(), expectedVersion: version, with: draft, on: context.connection, actor: context.actor, origin: context.origin)
        return try tagged(product)
    }

    static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        try Products.delete(id: try context.idParameter(), on: context.connection, actor: context.actor, origin: context.origin)
        return Response(status: .noContent)
    }

    /// Maps a JSON body onto the domain's product input.
    static func input(_ body: JSONObject) throws -> ProductInput {
        var input = ProductInput()
        for field in scalarFields where body.has(field) { input.scalars[field] = try body.scalar(field) }
        for field in ["available_locations", "features", "available_os"] {
            if let values = try body.strings(field) { input.lists[field] = values }
        }
        for field in ["module_config", "meta_data"] {
            if let value = body.fields[field] { input.objects[field] = value }
        }
        return input
    }

    private static func tagged(_ product: Product, status: HTTPStatus = .ok) throws -> Response {
        var response = try Response.json(product, status: status)
        response.setHeader("ETag", "\"\(product.version)\"")
        return response
    }
}
