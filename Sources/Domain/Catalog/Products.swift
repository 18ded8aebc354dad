import Foundation
import Postgres

/// Catalog use cases: list, find, create, update (optimistic), delete.
public enum Products {
    /// Sort keys a list may use (the only column names ever put into the SQL).
    public enum Sort: String, Sendable, CaseIterable {
        case name, price = "price_monthly", created = "created_at", cores = "cpu_cores", ram = "ram_gb", id
        var column: String { "p." + (self == .price ? "price_monthly" : self == .created ? "created_at" : self == .cores ? "cpu_cores" : self == .ram ? "ram_gb" : rawValue) }
    }

    /// List parameters: filters, a whitelisted sort, an offset page.
    public struct Query: Sendable {
        public var serverType: ServerType?
        public var isActive: Bool?
        public var location: String?
        public var sort: Sort = .name
        public var descending = false
        public var limit = PageRequest.defaultLimit
        public var offset = 0

        public init() {}

        /// Parses query-string text; bad values are field issues.
        public init(type: String?, active: String?, location: String?, sort: String?, limit: String?, cursor: String?) throws {
            var issues: [FieldIssue] = []
            if let type, !type.isEmpty {
                if let value = ServerType(rawValue: type) { serverType = value } else { issues.append(.init(field: "server_type", message: "must be vps or dedicated")) }
            }
            if let active, !active.isEmpty {
                switch active { case "true": isActive = true; case "false": isActive = false
                default: issues.append(.init(field: "is_active", message: "must be true or false")) }
            }
            if let location, !location.isEmpty { self.location = String(location.prefix(100)) }
            if var sort, !sort.isEmpty {
                if sort.hasPrefix("-") { descending = true; sort.removeFirst() }
                if let value = Sort(rawValue: sort) { self.sort = value } else {
                    issues.append(.init(field: "sort", message: "must be one of \(Sort.allCases.map(\.rawValue).joined(separator: ", ")) (prefix - for descending)"))
                }
            }
            let page = try? PageRequest(limit: limit, cursor: nil)
            if let page { self.limit = page.limit } else { issues.append(.init(field: "limit", message: "must be a whole number from 1 to \(PageRequest.maximumLimit)")) }
            if let cursor, !cursor.isEmpty {
                if cursor.hasPrefix("o"), let offset = Int(cursor.dropFirst()), offset >= 0 { self.offset = offset } else {
                    issues.append(.init(field: "cursor", message: "is not a cursor this list gave out"))
                }
            }
            guard issues.isEmpty else { throw DomainError.validation(issues) }
        }
    }

    /// A page of products as `caller` may see them: staff every product, anyone else those on sale.
    public static func list(_ query: Query, for caller: Caller) throws -> Page<Product> {
        var query = query
        if !caller.isStaff { query.isActive = true }
        return try list(query, on: caller.connection)
    }

    /// The product if `caller` may see it: staff any, anyone else only one on sale.
    public static func visible(id: Int, to caller: Caller) throws -> Product {
        guard let product = try find(id: id, on: caller.connection), product.isActive || caller.isStaff else {
            throw DomainError.notFound("No such product.")
        }
        return product
    }

    /// What staff can put on an order: every product on sale, plus `including` (an order's
    /// own products, even when no longer on sale).
    public static func orderable(including ids: [Int] = [], for caller: Caller) throws -> [Product] {
        _ = try caller.staff()
        var query = Query()
        query.isActive = true
        query.limit = PageRequest.maximumLimit
        var products = try list(query, on: caller.connection).items
        for id in ids where !products.contains(where: { $0.id == id }) {
            if let product = try find(id: id, on: caller.connection) { products.append(product) }
        }
        return products
    }

    static func list(_ query: Query, on connection: PostgresConnection) throws -> Page<Product> {
        let direction = query.descending ? "DESC" : "ASC"
        var sql = SQLFilter()
        sql.add("p.server_type = ?", query.serverType?.rawValue)
        sql.add("p.is_active = ?", query.isActive)
        sql.add("p.datacenter_location = ?", query.location)
        let rows = try connection.query(
            """
            SELECT \(unescaped: Product.columns) FROM products p \(sql.whereClause)
            ORDER BY \(unescaped: query.sort.column) \(unescaped: direction), p.id \(unescaped: direction)
            LIMIT \(query.limit + 1) OFFSET \(query.offset)
            """)
        let products = try rows.map(Product.init(row:))
        let more = products.count > query.limit
        return Page(items: Array(products.prefix(query.limit)), nextCursor: more ? "o\(query.offset + query.limit)" : nil)
    }

    /// Everything on sale, for the catalog: by type, location and monthly price.
    public static func catalog(on connection: PostgresConnection) throws -> [Product] {
        try connection.query(
            "SELECT \(unescaped: Product.columns) FROM products p WHERE p.is_active ORDER BY p.server_type, p.datacenter_location, p.price_monthly, p.id LIMIT 1000"
        ).map(Product.init(row:))
    }

    static func find(id: Int, on connection: PostgresConnection) throws -> Product? {
        try connection.query("SELECT \(Product.columns) FROM products p WHERE p.id = $1", [id]).firstRow.map(Product.init(row:))
    }

    /// Distinct datacenter locations, for filters.
    public static func locations(on connection: PostgresConnection) throws -> [String] {
        try connection.query("SELECT DISTINCT datacenter_location AS l FROM products WHERE datacenter_location <> '' ORDER BY 1")
            .map { try $0.decode(String.self, "l") }
    }

    @discardableResult
    public static func create(_ draft: ProductDraft, on connection: PostgresConnection, actor: Actor, origin: RequestOrigin) throws -> Product {
        try connection.transaction { connection in
            let row = try connection.query(
                "INSERT INTO products AS p (\(unescaped: columnList)) VALUES (\(values(draft))) RETURNING \(unescaped: Product.columns)")[0]
            let product = try Product(row: row)
            try AuditLog.record(on: connection, actor: actor, action: "product.created", targetType: "product",
                                targetID: String(product.id), after: product, origin: origin)
            return product
        }
    }

    /// Replaces a product's fields if it is still at `expectedVersion`; otherwise 409 with the current state.
    @discardableResult
    public static func update(
        id: Int, expectedVersion: Int, with draft: ProductDraft, on connection: PostgresConnection, actor: Actor, origin: RequestOrigin
    ) throws -> Product {
        try connection.transaction { connection in
            guard let before = try connection.query("SELECT \(Product.columns) FROM products p WHERE p.id = $1 FOR UPDATE", [id])
                .firstRow.map(Product.init(row:))
            else { throw DomainError.notFound("No product \(id).") }
            guard before.version == expectedVersion else { throw StaleVersion.product(before) }
            let row = try connection.query(
                """
                UPDATE products AS p SET (\(unescaped: columnList)) = ROW(\(values(draft))), version = version + 1, updated_at = now()
                WHERE id = \(id) RETURNING \(unescaped: Product.columns)
                """)[0]
            let after = try Product(row: row)
            try AuditLog.record(on: connection, actor: actor, action: "product.updated", targetType: "product",
                                targetID: String(id), before: before, after: after, origin: origin)
            return after
        }
    }

    /// Deletes a product no order or server refers to.
    public static func delete(id: Int, on connection: PostgresConnection, actor: Actor, origin: RequestOrigin) throws {
        try connection.transaction { connection in
            guard let product = try connection.query("SELECT \(Product.columns) FROM products p WHERE p.id = $1 FOR UPDATE", [id])
                .firstRow.map(Product.init(row:))
            else { throw DomainError.notFound("No product \(id).") }
            let references = try connection.query(
                """
                SELECT (SELECT count(DISTINCT order_id) FROM order_items WHERE product_id = $1) AS orders,
                       (SELECT count(*) FROM server_instances WHERE product_id = $1) AS servers
                """, [id])[0]
            let orders = try references.decode(Int.self, "orders")
            let servers = try references.decode(Int.self, "servers")
            guard orders == 0 && servers == 0 else {
                throw DomainError.conflict(
                    "Product \(id) is still used by \(orders) order(s) and \(servers) server(s); deactivate it instead.")
            }
            try connection.query("DELETE FROM products WHERE id = $1", [id])
            try AuditLog.record(on: connection, actor: actor, action: "product.deleted", targetType: "product",
                                targetID: String(id), before: product, origin: origin)
        }
    }

    private static let columnNames = [
        "name", "description", "server_type", "cpu_cores", "cpu_model", "ram_gb", "storage_gb", "storage_type", "bandwidth_tb",
        "ip_addresses", "datacenter_location", "region", "available_locations", "price_monthly", "price_quarterly", "price_yearly",
        "setup_fee", "provisioning_type", "provisioning_module", "provider", "module_config", "features", "available_os",
        "is_active", "stock_count", "meta_data", "monthly_cost",
    ]
    private static let columnList = columnNames.joined(separator: ", ")

    /// The draft's values in `columnNames` order, for `VALUES (…)` and `SET (…) = ROW(…)`.
    private static func values(_ draft: ProductDraft) -> PostgresQuery {
        """
        \(draft.name), \(draft.description), \(draft.serverType.rawValue), \(draft.cpuCores), \(draft.cpuModel), \(draft.ramGB), \
        \(draft.storageGB), \(draft.storageType), \(draft.bandwidthTB), \(draft.ipAddresses), \(draft.datacenterLocation), \(draft.region), \
        \(draft.availableLocations)::text[], \(draft.priceMonthly), \(draft.priceQuarterly), \(draft.priceYearly), \(draft.setupFee), \
        \(draft.provisioningType.rawValue), \(draft.provisioningModule), \(draft.provider), \(JSONText(draft.moduleConfig))::jsonb, \
        \(draft.features)::text[], \(draft.availableOS)::text[], \(draft.isActive), \(draft.stockCount), \(JSONText(draft.metaData))::jsonb, \(draft.monthlyCost)
        """
    }
}
