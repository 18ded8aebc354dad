import Domain
import Foundation

/// `/admin/orders/{id}`: the order, 2FA-gated edit, payment and deletion, and its history.
public struct OrderDetailPage: PageModel {
    public let template = "admin/orders/detail"
    public var title: String

    struct Item: Sendable {
        var product: String
        var cycle: String
        var quantity: Int
        var unitPrice: String
        var setupFee: String
        var lineTotal: String
        var hostname: String
        var operatingSystem: String

        init(_ item: OrderItem) {
            product = item.productName
            cycle = item.billingCycle.rawValue
            quantity = item.quantity
            unitPrice = item.unitPrice.description
            setupFee = item.setupFee.description
            lineTotal = item.lineTotal.description
            hostname = item.hostname
            operatingSystem = item.operatingSystem
        }
    }

    public struct StatusChoice: Sendable {
        public var value: String
        public var selected: Bool
    }

    /// One field that differs between the stored order and a stale edit.
    struct Difference: Sendable {
        var field: String
        var current: String
        var yours: String
    }

    struct HistoryEntry: Sendable {
        var when: String
        var who: String
        var action: String
        var change: String

        init(_ entry: AuditEntry) {
            when = Display.dateTime(entry.occurredAt)
            who = entry.actorLabel
            action = entry.action
            change = AuditSummary.change(entry)
        }
    }

    /// A server built for this order.
    struct Server: Sendable {
        var id: Int
        var hostname: String
        var ipAddress: String
        var status: String
        var failureReason: String

        init(_ server: ServerInstance) {
            id = server.id
            hostname = server.hostname.isEmpty ? "server \(server.id)" : server.hostname
            ipAddress = server.ipAddress
            status = server.status.rawValue
            failureReason = server.failureReason
        }
    }

    var id: Int
    var status: String
    var customer: String
    var customerID: Int
    var total: String
    var notes: String
    var version: Int
    var created: String
    var paid: String?
    var items: [Item]
    var statusChoices: [StatusChoice]
    var canPay: Bool
    var canEditItems: Bool
    var canDelete: Bool
    var rows: [OrderLineRow]
    var history: [HistoryEntry]
    var servers: [Server]
    var hasServers: Bool
    /// An alert at the top (refused code, conflict …).
    var alert: String?
    var notice: String?
    var differences: [Difference]
    var hasDifferences: Bool
    var csrfToken: String

    /// The page for `overview` with `products` to choose from. After a refused edit:
    /// `submitted` is what the form sent (form row → line) with its field `errors`, or
    /// `staleEdit` what a stale edit wanted, shown beside the current order.
    public init(
        _ overview: OrderOverview, products: [Product], submitted: [Int: OrderLineInput]? = nil, errors: FormErrors = FormErrors(),
        staleEdit: OrderChanges.Change? = nil, alert: String? = nil, notice: String? = nil, csrfToken: String
    ) {
        let order = overview.order
        title = "Order #\(order.id)"
        id = order.id
        status = order.status.rawValue
        customer = order.customerName.isEmpty ? order.customerEmail : "\(order.customerName) · \(order.customerEmail)"
        customerID = order.customerID
        total = "\(order.total) \(order.currency)"
        notes = order.notes
        version = order.version
        created = Display.dateTime(order.createdAt)
        paid = order.paidAt.map { Display.dateTime($0) }
        items = order.items.map(Item.init)
        statusChoices = ([order.status] + order.status.successors.sorted { $0.rawValue < $1.rawValue })
            .map { StatusChoice(value: $0.rawValue, selected: $0 == order.status) }
        canPay = order.status == .pending
        canEditItems = order.status == .pending
        canDelete = order.status == .pending || order.status == .cancelled
        rows = submitted.map { OrderLineRow.rows(submitted: $0, products: products, errors: errors) } ?? OrderLineRow.rows(order.items, products: products)
        history = overview.history.map(HistoryEntry.init)
        servers = overview.servers.map(Server.init)
        hasServers = !servers.isEmpty
        self.alert = alert
        self.notice = notice
        differences = staleEdit.map { Self.differences(current: order, wanted: $0) } ?? []
        hasDifferences = !differences.isEmpty
        self.csrfToken = csrfToken
    }

    /// Fields where the stored order differs from what a stale edit wanted.
    private static func differences(current: Order, wanted: OrderChanges.Change) -> [Difference] {
        var result: [Difference] = []
        if let notes = wanted.notes, notes != current.notes { result.append(Difference(field: "notes", current: current.notes, yours: notes)) }
        if let status = wanted.status, status != current.status {
            result.append(Difference(field: "status", current: current.status.rawValue, yours: status.rawValue))
        }
        if let lines = wanted.lines {
            let now = current.items.map { "\($0.quantity) × #\($0.productID) \($0.billingCycle.rawValue)" }.joined(separator: ", ")
            let yours = lines.map { "\($0.quantity) × #\($0.productID) \($0.billingCycle.rawValue)" }.joined(separator: ", ")
            if now != yours { result.append(Difference(field: "items", current: now, yours: yours)) }
        }
        result.append(Difference(field: "version", current: String(current.version), yours: "based on an older one"))
        return result
    }
}
