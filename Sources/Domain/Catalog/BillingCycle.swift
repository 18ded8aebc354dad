/// How often a server is billed; each has its own price on the product.
public enum BillingCycle: String, Sendable, Codable, CaseIterable {
    case monthly, quarterly, yearly

    /// Months covered by one period.
    public var months: Int {
        switch self {
        case .monthly: return 1
        case .quarterly: return 3
        case .yearly: return 12
        }
    }
}

/// VPS or dedicated machine.
public enum ServerType: String, Sendable, Codable, CaseIterable {
    case vps, dedicated
}

/// How a product's servers come to exist.
public enum ProvisioningType: String, Sendable, Codable, CaseIterable {
    case manual, automated, api
}
