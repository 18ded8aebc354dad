import Domain

/// `/my/orders` and `/my/orders/{id}`: a customer's own orders.
public struct MyOrdersPage: PageModel {
    public let template: String
    public let title: String

    struct Row: Sendable {
        var id: Int
        var created: String
        var status: String
        var total: String
        var summary: String

        init(_ order: Order) {
            id = order.id
            created = Display.dateTime(order.createdAt)
            status = order.status.rawValue
            total = "\(order.total) \(order.currency)"
            summary = order.items.map { "\($0.quantity) × \($0.productName)" }.joined(separator: ", ")
        }
    }

    struct Line: Sendable {
        var product: String
        var cycle: String
        var quantity: Int
        var price: String
        var hostname: String

        init(_ item: OrderItem) {
            product = item.productName
            cycle = item.billingCycle.rawValue
            quantity = item.quantity
            price = "\(item.unitPrice) + \(item.setupFee) setup"
            hostname = item.hostname
        }
    }

    struct ServerLink: Sendable {
        var id: Int
        var name: String
        var status: String

        init(_ server: ServerInstance) {
            id = server.id
            name = server.displayName
            status = server.status.rawValue
        }
    }

    var rows: [Row] = []
    var isEmpty = true
    var order: Row?
    var lines: [Line] = []
    var servers: [ServerLink] = []
    var hasServers = false
    var notice: String?
    var nextHref: String?

    /// One page of the customer's orders.
    public init(_ page: Page<Order>) {
        template = "my/orders"
        title = "My orders"
        rows = page.items.map(Row.init)
        isEmpty = rows.isEmpty
        nextHref = page.nextCursor.map { "/my/orders?cursor=\($0)" }
    }

    /// One order with its servers; `placed` right after the customer ordered it.
    public init(_ overview: OrderOverview, placed: Bool) {
        template = "my/order"
        title = "Order #\(overview.order.id)"
        order = Row(overview.order)
        lines = overview.order.items.map(Line.init)
        servers = overview.servers.map(ServerLink.init)
        hasServers = !servers.isEmpty
        notice = placed
            ? "Thank you — your order is placed. It is built as soon as the payment arrives; you will find the server under My servers." : nil
    }
}
