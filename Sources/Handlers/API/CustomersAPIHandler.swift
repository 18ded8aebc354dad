import Domain

/// `/api/v1/customers`: staff manage customer accounts.
enum CustomersAPIHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try Customers.list(
            search: context.query["search"], page: try PageRequest(limit: context.query["limit"], cursor: context.query["cursor"]),
            on: context.connection)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    /// The customer's services with due dates, newest invoices, amount due and credit.
    static func billing(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try CustomerBilling.load(customerID: try context.idParameter(), for: context.caller))
    }

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let customer = try Customers.find(id: try context.idParameter(), on: context.connection) else {
            throw HTTPError.notFound("No such customer.")
        }
        return try tagged(customer)
    }

    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        let customer = try Customers.create(try input(body), on: context.connection, actor: context.actor, origin: context.origin)
        var response = try tagged(customer, status: .created)
        response.setHeader("Location", "/api/v1/customers/\(customer.id)")
        return response
    }

    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        let version = try context.expectedVersion(body: try body.integer("version"))
        let customer = try Customers.update(
            id: try context.idParameter(), expectedVersion: version, try input(body), on: context.connection, actor: context.actor,
            origin: context.origin)
        return try tagged(customer)
    }

    static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        try Customers.delete(id: try context.idParameter(), on: context.connection, actor: context.actor, origin: context.origin)
        return Response(status: .noContent)
    }

    private static func input(_ body: JSONObject) throws -> CustomerInput {
        CustomerInput(
            email: try body.text("email"), name: try body.text("name"), company: try body.text("company"),
            phone: try body.text("phone"), password: try body.text("password"), isActive: try body.text("is_active"),
            billing: try BillingDetailsInput.json(body))
    }

    private static func tagged(_ customer: Customer, status: HTTPStatus = .ok) throws -> Response {
        var response = try Response.json(customer, status: status)
        response.setHeader("ETag", "\"\(customer.version)\"")
        return response
    }
}
