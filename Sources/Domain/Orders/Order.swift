import Foundation
import Postgres

/// One line of an order: a product, its billing cycle and quantity, prices copied at order time.
public struct OrderItem: Sendable, Equatable, Encodable {
    public var id: Int
    public var productID: Int
    public var productName: String
    public var billingCycle: BillingCycle
    public var quantity: Int
    public var unitPrice: Money
    public var setupFee: Money
    public var hostname: String
    public var operatingSystem: String

    /// Price of the line: (unit price + setup fee) × quantity.
    public var lineTotal: Money { (unitPrice + setupFee) * quantity }

    enum CodingKeys: String, CodingKey {
        case id, quantity, hostname
        case productID = "product_id", productName = "product_name", billingCycle = "billing_cycle"
        case unitPrice = "unit_price", setupFee = "setup_fee", operatingSystem = "operating_system", lineTotal = "line_total"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(productID, forKey: .productID); try c.encode(productName, forKey: .productName)
        try c.encode(billingCycle, forKey: .billingCycle); try c.encode(quantity, forKey: .quantity)
        try c.encode(unitPrice, forKey: .unitPrice); try c.encode(setupFee, forKey: .setupFee)
        try c.encode(hostname, forKey: .hostname); try c.encode(operatingSystem, forKey: .operatingSystem)
        try c.encode(lineTotal, forKey: .lineTotal)
    }

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        productID = try row.decode(Int.self, "product_id")
        productName = try row.decode(String.self, "product_name")
        billingCycle = BillingCycle(rawValue: try row.decode(String.self, "billing_cycle")) ?? .monthly
        quantity = try row.decode(Int.self, "quantity")
        unitPrice = try row.decode(Money.self, "unit_price")
        setupFee = try row.decode(Money.self, "setup_fee")
        hostname = try row.decode(String.self, "hostname")
        operatingSystem = try row.decode(String.self, "operating_system")
    }
}

/// An order for one customer.
public struct Order: Sendable, Equatable, Encodable {
    public var id: Int
    public var customerID: Int
    public var customerEmail: String
    public var customerName: String
    public var status: OrderStatus
    public var currency: String
    public var total: Money
    public var notes: String
    public var version: Int
    public var items: [OrderItem]
    public var createdAt: Date
    public var updatedAt: Date
    public var paidAt: Date?
    public var cancelledAt: Date?
    public var refundedAt: Date?
    /// The order's newest invoice (its first, or the one issued after an edit).
    public var invoiceID: Int?

    enum CodingKeys: String, CodingKey {
        case id, status, currency, total, notes, version, items
        case invoiceID = "invoice_id"
        case customerID = "customer_id", customerEmail = "customer_email", customerName = "customer_name"
        case createdAt = "created_at", updatedAt = "updated_at", paidAt = "paid_at", cancelledAt = "cancelled_at", refundedAt = "refunded_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(customerID, forKey: .customerID); try c.encode(invoiceID, forKey: .invoiceID)
        try c.encode(customerEmail, forKey: .customerEmail); try c.encode(customerName, forKey: .customerName)
        try c.encode(status, forKey: .status); try c.encode(currency, forKey: .currency); try c.encode(total, forKey: .total)
        try c.encode(notes, forKey: .notes); try c.encode(version, forKey: .version); try c.encode(items, forKey: .items)
        try c.encode(createdAt, forKey: .createdAt); try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(paidAt, forKey: .paidAt); try c.encode(cancelledAt, forKey: .cancelledAt); try c.encode(refundedAt, forKey: .refundedAt)
    }

    static let columns = """
        o.id, o.customer_id, u.email AS customer_email, u.name AS customer_name, o.status, o.currency, o.total, o.notes,
        o.version, o.created_at, o.updated_at, o.paid_at, o.cancelled_at, o.refunded_at,
        (SELECT max(v.id) FROM invoices v WHERE v.order_id = o.id) AS invoice_id
        """

    init(row: PostgresRow, items: [OrderItem]) throws {
        id = try row.decode(Int.self, "id")
        customerID = try row.decode(Int.self, "customer_id")
        customerEmail = try row.decode(String.self, "customer_email")
        customerName = try row.decode(String.self, "customer_name")
        status = OrderStatus(rawValue: try row.decode(String.self, "status")) ?? .pending
        currency = try row.decode(String.self, "currency")
        total = try row.decode(Money.self, "total")
        notes = try row.decode(String.self, "notes")
        version = try row.decode(Int.self, "version")
        createdAt = try row.decode(Date.self, "created_at")
        updatedAt = try row.decode(Date.self, "updated_at")
        paidAt = try row.decode(Date?.self, "paid_at")
        cancelledAt = try row.decode(Date?.self, "cancelled_at")
        refundedAt = try row.decode(Date?.self, "refunded_at")
        invoiceID = try row.decode(Int?.self, "invoice_id")
        self.items = items
    }
}

/// A requested order line before prices are looked up.
public struct OrderLine: Sendable, Equatable {
    public var productID: Int
    public var billingCycle: BillingCycle
    public var quantity: Int
    public var hostname: String
    public var operatingSystem: String

    public init(productID: Int, billingCycle: BillingCycle, quantity: Int = 1, hostname: String = "", operatingSystem: String = "") {
        self.productID = productID
        self.billingCycle = billingCycle
        self.quantity = quantity
        self.hostname = hostname
        self.operatingSystem = operatingSystem
    }
}
