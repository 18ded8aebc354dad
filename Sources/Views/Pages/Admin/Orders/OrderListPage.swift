import Foundation

/// `/admin/orders`: filters and a newest-first table.
public struct OrderListPage: PageModel {
    public let template = "admin/orders/list"
    public let title = "Orders"

    public struct Row: Sendable {
        public var id: Int
        public var customer: String
        public var customerID: Int
        public var status: String
        public var total: String
        public var items: String
        public var created: String
    }

    public struct StatusOption: Sendable {
        public var value: String
        public var selected: Bool
    }

    public var rows: [Row]
    public var isEmpty: Bool
    public var statuses: [StatusOption]
    public var customerID: String
    public var from: String
    public var to: String
    public var error: String?
    public var nextHref: String?

    public init(rows: [Row], status: String, customerID: String, from: String, to: String, error: String?, nextHref: String?) {
        self.rows = rows
        isEmpty = rows.isEmpty
        statuses = ["", "pending", "paid", "active", "cancelled", "refunded"].map { StatusOption(value: $0, selected: $0 == status) }
        self.customerID = customerID
        self.from = from
        self.to = to
        self.error = error
        self.nextHref = nextHref
    }

    /// A table row.
    public static func row(id: Int, customer: String, customerID: Int, status: String, total: String, currency: String, itemCount: Int, created: Date) -> Row {
        Row(id: id, customer: customer, customerID: customerID, status: status, total: "\(total) \(currency)",
            items: itemCount == 1 ? "1 server" : "\(itemCount) servers", created: Display.dateTime(created))
    }
}
