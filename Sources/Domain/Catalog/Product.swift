import Foundation
import Postgres

/// A server product in the catalog (fields after `seeds/002_*`).
public struct Product: Sendable, Equatable, Encodable {
    public var id: Int
    public var name: String
    public var description: String
    public var serverType: ServerType
    public var cpuCores: Int
    public var cpuModel: String
    public var ramGB: Int
    public var storageGB: Int
    public var storageType: String
    public var bandwidthTB: Int
    public var ipAddresses: Int
    public var datacenterLocation: String
    public var region: String
    public var availableLocations: [String]
    public var priceMonthly: Money
    public var priceQuarterly: Money?
    public var priceYearly: Money?
    public var setupFee: Money
    /// What one server of this product costs the company per month.
    public var monthlyCost: Money
    public var provisioningType: ProvisioningType
    public var provisioningModule: String
    public var provider: String
    public var moduleConfig: JSONValue
    public var features: [String]
    public var availableOS: [String]
    public var isActive: Bool
    /// nil: unlimited.
    public var stockCount: Int?
    public var currentOrders: Int
    public var metaData: JSONValue
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, description, region, provider, features, version
        case serverType = "server_type", cpuCores = "cpu_cores", cpuModel = "cpu_model", ramGB = "ram_gb"
        case storageGB = "storage_gb", storageType = "storage_type", bandwidthTB = "bandwidth_tb", ipAddresses = "ip_addresses"
        case datacenterLocation = "datacenter_location", availableLocations = "available_locations"
        case priceMonthly = "price_monthly", priceQuarterly = "price_quarterly", priceYearly = "price_yearly", setupFee = "setup_fee", monthlyCost = "monthly_cost"
        case provisioningType = "provisioning_type", provisioningModule = "provisioning_module", moduleConfig = "module_config"
        case availableOS = "available_os", isActive = "is_active", stockCount = "stock_count", currentOrders = "current_orders"
        case metaData = "meta_data", createdAt = "created_at", updatedAt = "updated_at"
    }

    /// The price of one period of `cycle`, or nil when the product is not sold that way.
    public func price(for cycle: BillingCycle) -> Money? {
        switch cycle {
        case .monthly: return priceMonthly
        case .quarterly: return priceQuarterly
        case .yearly: return priceYearly
        }
    }

    /// True when `quantity` more can be sold now.
    public func canSell(_ quantity: Int) -> Bool {
        stockCount.map { $0 >= quantity } ?? true
    }

    static let columns = """
        p.id, p.name, p.description, p.server_type, p.cpu_cores, p.cpu_model, p.ram_gb, p.storage_gb, p.storage_type,
        p.bandwidth_tb, p.ip_addresses, p.datacenter_location, p.region, array_to_json(p.available_locations)::text AS available_locations,
        p.price_monthly, p.price_quarterly, p.price_yearly, p.setup_fee, p.monthly_cost, p.provisioning_type, p.provisioning_module,
        p.provider, p.module_config::text AS module_config, array_to_json(p.features)::text AS features,
        array_to_json(p.available_os)::text AS available_os, p.is_active, p.stock_count, p.current_orders,
        p.meta_data::text AS meta_data, p.version, p.created_at, p.updated_at
        """

    init(row: PostgresRow) throws {
        func list(_ column: String) throws -> [String] {
            (try? JSONDecoder().decode([String].self, from: Data(try row.decode(String.self, column).utf8))) ?? []
        }
        id = try row.decode(Int.self, "id")
        name = try row.decode(String.self, "name")
        description = try row.decode(String.self, "description")
        serverType = ServerType(rawValue: try row.decode(String.self, "server_type")) ?? .vps
        cpuCores = try row.decode(Int.self, "cpu_cores")
        cpuModel = try row.decode(String.self, "cpu_model")
        ramGB = try row.decode(Int.self, "ram_gb")
        storageGB = try row.decode(Int.self, "storage_gb")
        storageType = try row.decode(String.self, "storage_type")
        bandwidthTB = try row.decode(Int.self, "bandwidth_tb")
        ipAddresses = try row.decode(Int.self, "ip_addresses")
        datacenterLocation = try row.decode(String.self, "datacenter_location")
        region = try row.decode(String.self, "region")
        availableLocations = try list("available_locations")
        priceMonthly = try row.decode(Money.self, "price_monthly")
        priceQuarterly = try row.decode(Money?.self, "price_quarterly")
        priceYearly = try row.decode(Money?.self, "price_yearly")
        setupFee = try row.decode(Money.self, "setup_fee")
        monthlyCost = try row.decode(Money.self, "monthly_cost")
        provisioningType = ProvisioningType(rawValue: try row.decode(String.self, "provisioning_type")) ?? .manual
        provisioningModule = try row.decode(String.self, "provisioning_module")
        provider = try row.decode(String.self, "provider")
        moduleConfig = JSONValue.parse(try row.decode(String.self, "module_config")) ?? .object([:])
        features = try list("features")
        availableOS = try list("available_os")
        isActive = try row.decode(Bool.self, "is_active")
        stockCount = try row.decode(Int?.self, "stock_count")
        currentOrders = try row.decode(Int.self, "current_orders")
        metaData = JSONValue.parse(try row.decode(String.self, "meta_data")) ?? .object([:])
        version = try row.decode(Int.self, "version")
        createdAt = try row.decode(Date.self, "created_at")
        updatedAt = try row.decode(Date.self, "updated_at")
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(description, forKey: .description)
        try c.encode(serverType, forKey: .serverType); try c.encode(cpuCores, forKey: .cpuCores); try c.encode(cpuModel, forKey: .cpuModel)
        try c.encode(ramGB, forKey: .ramGB); try c.encode(storageGB, forKey: .storageGB); try c.encode(storageType, forKey: .storageType)
        try c.encode(bandwidthTB, forKey: .bandwidthTB); try c.encode(ipAddresses, forKey: .ipAddresses)
        try c.encode(datacenterLocation, forKey: .datacenterLocation); try c.encode(region, forKey: .region)
        try c.encode(availableLocations, forKey: .availableLocations); try c.encode(priceMonthly, forKey: .priceMonthly)
        try c.encode(priceQuarterly, forKey: .priceQuarterly); try c.encode(priceYearly, forKey: .priceYearly)
        try c.encode(setupFee, forKey: .setupFee); try c.encode(monthlyCost, forKey: .monthlyCost); try c.encode(provisioningType, forKey: .provisioningType)
        try c.encode(provisioningModule, forKey: .provisioningModule); try c.encode(provider, forKey: .provider)
        try c.encode(moduleConfig, forKey: .moduleConfig); try c.encode(features, forKey: .features)
        try c.encode(availableOS, forKey: .availableOS); try c.encode(isActive, forKey: .isActive)
        try c.encode(stockCount, forKey: .stockCount); try c.encode(currentOrders, forKey: .currentOrders)
        try c.encode(metaData, forKey: .metaData); try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt); try c.encode(updatedAt, forKey: .updatedAt)
    }
}
