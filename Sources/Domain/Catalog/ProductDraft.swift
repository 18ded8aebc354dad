import Foundation

/// Raw product fields as they arrive from a form or a JSON body, keyed by the contract's
/// field names. `ProductDraft.validate` turns them into typed values or field issues.
public struct ProductInput: Sendable {
    /// Scalar fields as text (`"4"`, `"29.99"`, `"true"`); a key present with nil means an explicit null.
    public var scalars: [String: String?] = [:]
    /// List fields (`available_locations`, `features`, `available_os`).
    public var lists: [String: [String]] = [:]
    /// JSON object fields (`module_config`, `meta_data`).
    public var objects: [String: JSONValue] = [:]

    public init() {}
}

/// A validated product, ready to be stored.
public struct ProductDraft: Sendable, Equatable {
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
    /// What one server of this product costs the company per month (profit and loss).
    public var monthlyCost: Money
    public var provisioningType: ProvisioningType
    public var provisioningModule: String
    public var provider: String
    public var moduleConfig: JSONValue
    public var features: [String]
    public var availableOS: [String]
    public var isActive: Bool
    public var stockCount: Int?
    public var metaData: JSONValue

    /// Validates every field; all problems are reported at once, each naming its field.
    public static func validate(_ input: ProductInput) throws -> ProductDraft {
        var check = FieldChecker(input.scalars)
        let name = check.text("name", required: true, max: 255)
        let description = check.text("description", max: 5000)
        let serverType = check.choice("server_type", ServerType.self, default: nil)
        let cpuCores = check.integer("cpu_cores", required: true, range: 1...1024)
        let cpuModel = check.text("cpu_model", max: 100)
        let ramGB = check.integer("ram_gb", required: true, range: 1...65_536)
        let storageGB = check.integer("storage_gb", required: true, range: 1...10_000_000)
        let storageType = check.text("storage_type", max: 50, default: "ssd")
        let bandwidthTB = check.integer("bandwidth_tb", range: 1...100_000, default: 1)
        let ipAddresses = check.integer("ip_addresses", range: 1...1024, default: 1)
        let location = check.text("datacenter_location", max: 100)
        let region = check.text("region", max: 50)
        let priceMonthly = check.money("price_monthly", required: true)
        let priceQuarterly = check.money("price_quarterly")
        let priceYearly = check.money("price_yearly")
        let setupFee = check.money("setup_fee") ?? .zero
        let monthlyCost = check.money("monthly_cost") ?? .zero
        let provisioningType = check.choice("provisioning_type", ProvisioningType.self, default: .manual)
        let module = check.identifier("provisioning_module", default: "manual")
        let provider = check.text("provider", max: 50)
        let isActive = check.boolean("is_active", default: true)
        let stockCount = check.integer("stock_count", range: 0...1_000_000, default: nil)
        var issues = check.issues
        func list(_ field: String) -> [String] {
            let values = (input.lists[field] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            if values.count > 50 || values.contains(where: { $0.count > 100 }) {
                issues.append(FieldIssue(field: field, message: "must be at most 50 entries of at most 100 characters"))
            }
            return values
        }
        func object(_ field: String) -> JSONValue {
            guard let value = input.objects[field] else { return .object([:]) }
            guard case .object = value else {
                issues.append(FieldIssue(field: field, message: "must be an object"))
                return .object([:])
            }
            return value
        }
        let draft = ProductDraft(
            name: name ?? "", description: description ?? "", serverType: serverType ?? .vps, cpuCores: cpuCores ?? 1,
            cpuModel: cpuModel ?? "", ramGB: ramGB ?? 1, storageGB: storageGB ?? 1, storageType: storageType ?? "ssd",
            bandwidthTB: bandwidthTB ?? 1, ipAddresses: ipAddresses ?? 1, datacenterLocation: location ?? "", region: region ?? "",
            availableLocations: list("available_locations"), priceMonthly: priceMonthly ?? .zero, priceQuarterly: priceQuarterly,
            priceYearly: priceYearly, setupFee: setupFee, monthlyCost: monthlyCost, provisioningType: provisioningType ?? .manual,
            provisioningModule: module ?? "manual", provider: provider ?? "", moduleConfig: object("module_config"),
            features: list("features"), availableOS: list("available_os"), isActive: isActive ?? true, stockCount: stockCount,
            metaData: object("meta_data"))
        if serverType == nil && !issues.contains(where: { $0.field == "server_type" }) {
            issues.append(FieldIssue(field: "server_type", message: "is required (vps or dedicated)"))
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        return draft
    }
}
