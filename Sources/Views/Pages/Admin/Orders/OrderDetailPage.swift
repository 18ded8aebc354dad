import Foundation

/// `/admin/orders/{id}`: the order, 2FA-gated edit, payment and deletion, and its history.
public struct OrderDetailPage: PageModel {
    public let template = "admin/orders/detail"
    public var title: String

    public struct Item: Sendable {
        public var product: String
        public var cycle: String
        public var quantity: Int
        public var unitPrice: String
        public var setupFee: String
        public var lineTotal: String
        public var hostname: String
        public var operatingSystem: String

        public init(product: String, cycle: String, quantity: Int, unitPrice: String, setupFee: String, lineTotal: String, hostname: String, operatingSystem: String) {
            self.product = product
            self.cycle = cycle
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.setupFee = setupFee
            self.lineTotal = lineTotal
            self.hostname = hostname
            self.operatingSystem = operatingSystem
        }
    }

    public struct StatusChoice: Sendable {
        public var value: String
        public var selected: Bool
    }

    /// One field that differs between the stored order and a stale edit.
    public struct Difference: Sendable {
        public var field: String
        public var current: String
        public var yours: String

        public init(field: String, current: String, yours: String) {
            self.field = field
            self.current = current
            self.yours = yours
        }
    }

    public struct HistoryEntry: Sendable {
        public var when: String
        public var who: String
        public var action: String
        public var change: String

        public init(when: String, who: String, action: String, change: String) {
            self.when = when
            self.who = who
            self.action = action
            self.change = change
        }
    }

    /// A server built for this order.
    public struct Server: Sendable {
        public var id: Int
        public var hostname: String
        public var ipAddress: String
        public var status: String
        public var failureReason: String

        public init(id: Int, hostname: String, ipAddress: String, status: String, failureReason: String) {
            self.id = id
            self.hostname = hostname
            self.ipAddress = ipAddress
            self.status = status
            self.failureReason = failureReason
        }
    }

    public var id: Int
    public var status: String
    public var customer: String
    public var customerID: Int
    public var total: String
    public var notes: String
    public var version: Int
    public var created: String
    public var paid: String?
    public var items: [Item]
    public var statusChoices: [StatusChoice]
    public var canPay: Bool
    public var canEditItems: Bool
    public var canDelete: Bool
    public var rows: [OrderLineRow]
    public var history: [HistoryEntry]
    public var servers: [Server]
    public var hasServers: Bool
    /// An alert at the top (refused code, conflict …) and whether it is an error.
    public var alert: String?
    public var notice: String?
    public var differences: [Difference]
    public var hasDifferences: Bool
    public var csrfToken: String

    public init(
        id: Int, status: String, successors: [String], customer: String, customerID: Int, total: String, notes: String, version: Int,
        created: Date, paid: Date?, items: [Item], editRows: [OrderLineRow], history: [HistoryEntry], servers: [Server], alert: String?, notice: String?,
        differences: [Difference], csrfToken: String
    ) {
        title = "Order #\(id)"
        self.id = id
        self.status = status
        self.customer = customer
        self.customerID = customerID
        self.total = total
        self.notes = notes
        self.version = version
        self.created = Display.dateTime(created)
        self.paid = paid.map { Display.dateTime($0) }
        self.items = items
        statusChoices = ([status] + successors).map { StatusChoice(value: $0, selected: $0 == status) }
        canPay = status == "pending"
        canEditItems = status == "pending"
        canDelete = status == "pending" || status == "cancelled"
        self.rows = editRows
        self.history = history
        self.servers = servers
        hasServers = !servers.isEmpty
        self.alert = alert
        self.notice = notice
        self.differences = differences
        hasDifferences = !differences.isEmpty
        self.csrfToken = csrfToken
    }
}
