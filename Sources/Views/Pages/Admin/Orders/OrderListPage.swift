import Domain
import Foundation

/// `/admin/orders`: filters and a newest-first table.
public struct OrderListPage: PageModel {
    public let template = "admin/orders/list"
    public let title = "Orders"

    struct Row: Sendable {
        var id: Int
        var customer: String
        var customerID: Int
        var status: String
        var total: String
        var items: String
        var created: String

        init(_ order: Order) {
            id = order.id
            customer = order.customerName.isEmpty ? order.customerEmail : order.customerName
            customerID = order.customerID
            status = order.status.rawValue
            total = "\(order.total) \(order.currency)"
            let count = order.items.reduce(0) { $0 + $1.quantity }
            items = count == 1 ? "1 server" : "\(count) servers"
            created = Display.dateTime(order.createdAt)
        }
    }

    public struct StatusOption: Sendable {
        public var value: String
        public var selected: Bool
    }

    var rows: [Row]
    public var isEmpty: Bool
    public var statuses: [StatusOption]
    public var customerID: String
    public var from: String
    public var to: String
    public var error: String?
    public var nextHref: String?

    /// The list of `orders` under the filters as typed.
    public init(orders: [Order], status: String, customerID: String, from: String, to: String, error: String?, nextHref: String?) {
        rows = orders.map(Row.init)
        isEmpty = rows.isEmpty
        statuses = ["", "pending", "paid", "active", "cancelled", "refunded"].map { StatusOption(value: $0, selected: $0 == status) }
        self.customerID = customerID
        self.from = from
        self.to = to
        self.error = error
        self.nextHref = nextHref
    }
}
