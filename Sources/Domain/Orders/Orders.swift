import Foundation
import Postgres

/// Order queries: find, list with keyset pagination, dashboard figures.
public enum Orders {
    /// List filters.
    public struct Filter: Sendable {
        public var status: OrderStatus?
        public var customerID: Int?
        public var from: Date?
        public var to: Date?

        public init(status: OrderStatus? = nil, customerID: Int? = nil, from: Date? = nil, to: Date? = nil) {
            self.status = status
            self.customerID = customerID
            self.from = from
            self.to = to
        }
    }

    /// The order if `caller` may see it — staff any, a customer their own; otherwise not found.
    public static func visible(id: Int, to caller: Caller) throws -> Order {
        guard let order = try find(id: id, on: caller.connection), caller.maySee(customerID: order.customerID) else {
            throw DomainError.notFound("No such order.")
        }
        return order
    }

    /// Newest first, filtered, limited to what `caller` may see (a customer: their own).
    public static func list(_ filter: Filter, page: PageRequest, for caller: Caller) throws -> Page<Order> {
        var filter = filter
        filter.customerID = try caller.customerScope(requested: filter.customerID)
        return try list(filter, page: page, on: caller.connection)
    }

    /// The order with its items, or nil (unscoped: for use cases that checked the caller).
    static func find(id: Int, on connection: PostgresConnection, lock: Bool = false) throws -> Order? {
        let rows = try connection.query(
            "SELECT \(Order.columns) FROM orders o JOIN users u ON u.id = o.customer_id WHERE o.id = $1" + (lock ? " FOR UPDATE OF o" : ""), [id])
        guard let row = rows.firstRow else { return nil }
        return try Order(row: row, items: try items(orderIDs: [id], on: connection)[id] ?? [])
    }

    /// Newest first, filtered; `page.afterID` continues below an id (unscoped).
    static func list(_ filter: Filter, page: PageRequest, on connection: PostgresConnection) throws -> Page<Order> {
        var sql = SQLFilter()
        sql.add("o.id < ?", page.afterID)
        sql.add("o.status = ?", filter.status?.rawValue)
        sql.add("o.customer_id = ?", filter.customerID)
        sql.add("o.created_at >= ?::timestamptz", filter.from)
        sql.add("o.created_at < ?::timestamptz", filter.to)
        let rows = try connection.query(
            "SELECT \(unescaped: Order.columns) FROM orders o JOIN users u ON u.id = o.customer_id \(sql.whereClause) ORDER BY o.id DESC LIMIT \(page.limit + 1)")
        let ids = try rows.map { try $0.decode(Int.self, "id") }
        let items = try items(orderIDs: ids, on: connection)
        let orders = try rows.map { row in try Order(row: row, items: items[try row.decode(Int.self, "id")] ?? []) }
        return page.page(orders, id: \.id)
    }

    static func items(orderIDs: [Int], on connection: PostgresConnection) throws -> [Int: [OrderItem]] {
        guard !orderIDs.isEmpty else { return [:] }
        let rows = try connection.query(
            """
            SELECT i.id, i.order_id, i.product_id, p.name AS product_name, i.billing_cycle, i.quantity, i.unit_price, i.setup_fee,
                   i.hostname, i.operating_system
            FROM order_items i JOIN products p ON p.id = i.product_id
            WHERE i.order_id = ANY($1::bigint[]) ORDER BY i.id
            """, [orderIDs])
        var result: [Int: [OrderItem]] = [:]
        for row in rows { result[try row.decode(Int.self, "order_id"), default: []].append(try OrderItem(row: row)) }
        return result
    }

    /// Figures for the admin dashboard.
    public struct Stats: Sendable, Encodable {
        public var countsByStatus: [OrderStatus: Int]
        public var revenueThisMonth: Money
        public var paymentsThisMonth: Int

        enum CodingKeys: String, CodingKey {
            case countsByStatus = "counts_by_status", revenueThisMonth = "revenue_this_month", paymentsThisMonth = "payments_this_month"
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(
                Dictionary(uniqueKeysWithValues: OrderStatus.allCases.map { ($0.rawValue, countsByStatus[$0] ?? 0) }), forKey: .countsByStatus)
            try container.encode(revenueThisMonth, forKey: .revenueThisMonth)
            try container.encode(paymentsThisMonth, forKey: .paymentsThisMonth)
        }
    }

    /// Orders by status now and this month's money in `currency` (received, less refunds paid back;
    /// credit applied to an invoice is not money received again), from the reports' aggregates: no
    /// scan of orders or payments, whatever their number.
    public static func stats(today: CalendarDay, currency: String, on connection: PostgresConnection) throws -> Stats {
        var counts: [OrderStatus: Int] = [:]
        for row in try ReportSums.rows(["order_status"], currency: "", to: ReportSums.end, by: .reason, perDay: false, on: connection) {
            if let status = OrderStatus(rawValue: row.key) { counts[status] = row.n }
        }
        let month = try ReportSums.totals(["collected", "refunded"], currency: currency,
                                          from: CalendarDay(year: today.year, month: today.month, day: 1), through: today, on: connection)
        let collected = month["collected"] ?? (.zero, 0), refunded = month["refunded"]?.amount ?? .zero
        return Stats(countsByStatus: counts, revenueThisMonth: collected.amount - refunded, paymentsThisMonth: collected.n)
    }
}
