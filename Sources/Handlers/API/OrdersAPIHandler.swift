import Domain
import Foundation

/// `/api/v1/orders`: customers order for themselves, staff for anyone; changes need a 2FA code.
enum OrdersAPIHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let filter = try OrderQuery.filter(context.query)
        let page = try Orders.list(filter, page: try PageRequest(limit: context.query["limit"], cursor: context.query["cursor"]), for: context.caller)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try tagged(try Orders.visible(id: try context.idParameter(), to: context.caller))
    }

    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        let lines = try OrderLineInput.validate(try lineInputs(body) ?? [])
        let order = try OrderPlacement.place(
            requestedCustomerID: try body.integer("customer_id"), lines: lines, notes: try body.text("notes") ?? "", by: context.caller)
        var response = try tagged(order, status: .created)
        response.setHeader("Location", "/api/v1/orders/\(order.id)")
        return response
    }

    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.user
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
        let staff = try context.user
        let body = request.body.isEmpty ? JSONObject(fields: [:]) : try JSONObject(context)
        let version = try request.headers["if-match"] != nil ? context.expectedVersion(body: nil) : body.integer("version")
        let order = try OrderChanges(twoFactor: context.services.twoFactor).markPaid(
            orderID: try context.idParameter(), expectedVersion: version, reference: try body.text("reference") ?? "", by: staff,
            code: context.stepUpCode, on: context.connection, origin: context.origin)
        return try tagged(order)
    }

    static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.user
        let version = request.headers["if-match"] != nil ? try context.expectedVersion(body: nil) : nil
        try OrderChanges(twoFactor: context.services.twoFactor).delete(
            orderID: try context.idParameter(), expectedVersion: version, by: staff, code: context.stepUpCode, on: context.connection,
            origin: context.origin)
        return Response(status: .noContent)
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
