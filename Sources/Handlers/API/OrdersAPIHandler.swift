import Domain
import Foundation

/// `/api/v1/orders`: customers order for themselves, staff for anyone; changes need a 2FA code.
enum OrdersAPIHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        var filter = try OrderQuery.filter(context.query)
        if !user.role.isStaff { filter.customerID = user.id }
        let page = try Orders.list(filter, page: try PageRequest(limit: context.query["limit"], cursor: context.query["cursor"]), on: context.connection)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try tagged(try visibleOrder(context))
    }

    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        let body = try JSONObject(context)
        let customerID: Int
        if user.role.isStaff {
            guard let id = try body.integer("customer_id") else { throw DomainError.invalid("customer_id", "is required") }
            customerID = id
        } else {
            if let id = try body.integer("customer_id"), id != user.id { throw DomainError.invalid("customer_id", "must be your own account") }
            customerID = user.id
        }
        let lines = try OrderLineInput.validate(try lineInputs(body) ?? [])
        let order = try OrderPlacement.place(
            customerID: customerID, lines: lines, notes: try body.text("notes") ?? "", on: context.connection, actor: context.actor,
            origin: context.origin)
        var response = try tagged(order, status: .created)
        response.setHeader("Location", "/api/v1/orders/\(order.id)")
        return response
    }

    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.requireStaff()
        let body = try JSONObject(context)
        let version = try context.expectedVersion(body: try body.integer("version"))
        var change = OrderChanges.Change()
        if let inputs = try lineInputs(body) { change.lines = try OrderLineInput.validate(inputs) }
        if body.has("notes") { change.notes = try body.text("notes") ?? "" }
        if let status = try body.text("status") {
            guard let parsed = OrderStatus(rawValue: status) else {
                throw DomainError.invalid("status", "must be one of \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            change.status = parsed
        }
        let order = try OrderChanges(twoFactor: context.services.twoFactor).edit(
            orderID: try context.idParameter(), expectedVersion: version, change: change, by: staff, code: context.stepUpCode,
            on: context.connection, origin: context.origin)
        return try tagged(order)
    }

    static func pay(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.requireStaff()
        let body = request.body.isEmpty ? JSONObject(fields: [:]) : try JSONObject(context)
        let version = try request.headers["if-match"] != nil ? context.expectedVersion(body: nil) : body.integer("version")
        let order = try OrderChanges(twoFactor: context.services.twoFactor).markPaid(
            orderID: try context.idParameter(), expectedVersion: version, reference: try body.text("reference") ?? "", by: staff,
            code: context.stepUpCode, on: context.connection, origin: context.origin)
        return try tagged(order)
    }

    static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.requireStaff()
        let version = request.headers["if-match"] != nil ? try context.expectedVersion(body: nil) : nil
        try OrderChanges(twoFactor: context.services.twoFactor).delete(
            orderID: try context.idParameter(), expectedVersion: version, by: staff, code: context.stepUpCode, on: context.connection,
            origin: context.origin)
        return Response(status: .noContent)
    }

    /// The order if the caller may see it: staff any, a customer their own (others: 404).
    static func visibleOrder(_ context: RequestContext) throws -> Order {
        let user = try context.requireUser()
        guard let order = try Orders.find(id: try context.idParameter(), on: context.connection),
            user.role.isStaff || order.customerID == user.id
        else { throw HTTPError.notFound("No such order.") }
        return order
    }

    private static func lineInputs(_ body: JSONObject) throws -> [OrderLineInput]? {
        try body.objects("items")?.map { item in
            OrderLineInput(
                productID: try item.text("product_id"), billingCycle: try item.text("billing_cycle"), quantity: try item.text("quantity"),
                hostname: try item.text("hostname"), operatingSystem: try item.text("operating_system"))
        }
    }

    private static func tagged(_ order: Order, status: HTTPStatus = .ok) throws -> Response {
        var response = try Response.json(order, status: status)
        response.setHeader("ETag", "\"\(order.version)\"")
        return response
    }
}
