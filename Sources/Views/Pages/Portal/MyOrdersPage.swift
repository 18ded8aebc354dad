/// `/my/orders` and `/my/orders/{id}`: a customer's own orders.
public struct MyOrdersPage: PageModel {
    public let template: String
    public let title: String

    public struct Row: Sendable {
        public var id: Int
        public var created: String
        public var status: String
        public var total: String
        public var summary: String
        public init(id: Int, created: String, status: String, total: String, summary: String) {
            self.id = id
            self.created = created
            self.status = status
            self.total = total
            self.summary = summary
        }
    }

    public struct Line: Sendable {
        public var product: String
        public var cycle: String
        public var quantity: Int
        public var price: String
        public var hostname: String
        public init(product: String, cycle: String, quantity: Int, price: String, hostname: String) {
            self.product = product
            self.cycle = cycle
            self.quantity = quantity
            self.price = price
            self.hostname = hostname
        }
    }

    public struct ServerLink: Sendable {
        public var id: Int
        public var name: String
        public var status: String
        public init(id: Int, name: String, status: String) {
            self.id = id
            self.name = name
            self.status = status
        }
    }

    public var rows: [Row]
    public var isEmpty: Bool
    public var order: Row?
    public var lines: [Line]
    public var servers: [ServerLink]
    public var hasServers: Bool
    public var notice: String?
    public var nextHref: String?

    public static func list(rows: [Row], nextHref: String?) -> MyOrdersPage {
        MyOrdersPage(template: "my/orders", title: "My orders", rows: rows, isEmpty: rows.isEmpty, order: nil, lines: [], servers: [],
                     hasServers: false, notice: nil, nextHref: nextHref)
    }

    public static func detail(order: Row, lines: [Line], servers: [ServerLink], notice: String?) -> MyOrdersPage {
        MyOrdersPage(template: "my/order", title: "Order #\(order.id)", rows: [], isEmpty: true, order: order, lines: lines, servers: servers,
                     hasServers: !servers.isEmpty, notice: notice, nextHref: nil)
    }
}
