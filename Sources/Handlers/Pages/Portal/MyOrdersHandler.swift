import Domain
import Views

/// `/my/orders`: a customer's own orders; anyone else's answer 404.
enum MyOrdersHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let customer = try context.requireCustomer()
        let page = try Orders.list(Orders.Filter(customerID: customer.id), page: try PageRequest(limit: context.query["limit"], cursor: context.query["cursor"]),
                                   on: context.connection)
        return try context.page(MyOrdersPage.list(rows: page.items.map(row), nextHref: page.nextCursor.map { "/my/orders?cursor=\($0)" }))
    }

    static func detail(_ request: Request, _ context: RequestContext) throws -> Response {
        let customer = try context.requireCustomer()
        guard let order = try Orders.find(id: try context.idParameter(), on: context.connection), order.customerID == customer.id else {
            throw HTTPError.notFound("No such order.")
        }
        let servers = try Instances.forOrder(order.id, on: context.connection).map {
            MyOrdersPage.ServerLink(id: $0.id, name: $0.hostname.isEmpty ? "Server \($0.id)" : $0.hostname, status: $0.status.rawValue)
        }
        let lines = order.items.map {
            MyOrdersPage.Line(product: $0.productName, cycle: $0.billingCycle.rawValue, quantity: $0.quantity,
                              price: "\($0.unitPrice) + \($0.setupFee) setup", hostname: $0.hostname)
        }
        let notice = context.query["placed"] == "1"
            ? "Thank you — your order is placed. It is built as soon as the payment arrives; you will find the server under My servers." : nil
        return try context.page(MyOrdersPage.detail(order: row(order), lines: lines, servers: servers, notice: notice))
    }

    private static func row(_ order: Order) -> MyOrdersPage.Row {
        MyOrdersPage.Row(
            id: order.id, created: Display.dateTime(order.createdAt), status: order.status.rawValue, total: "\(order.total) \(order.currency)",
            summary: order.items.map { "\($0.quantity) × \($0.productName)" }.joined(separator: ", "))
    }
}
