import Domain
import Views

/// The product form's texts: read from a submitted form or a stored product, turned into
/// domain input, and compared to find what a stale edit would change.
enum ProductForm {
    /// Fields the form does not show, kept from the stored product on update.
    private static let objectFields = ["module_config", "meta_data"]

    /// The texts the form shows for a new product.
    static let defaults: [String: String] = [
        "is_active": "true", "storage_type": "ssd", "bandwidth_tb": "1", "ip_addresses": "1", "setup_fee": "0.00", "monthly_cost": "0.00",
        "provisioning_type": ProvisioningType.manual.rawValue, "provisioning_module": "manual",
    ]

    /// The form's texts for a stored product (lists one per line, unlimited stock empty).
    static func values(of product: Product) -> [String: String] {
        [
            "name": product.name, "description": product.description, "server_type": product.serverType.rawValue,
            "cpu_cores": String(product.cpuCores), "cpu_model": product.cpuModel, "ram_gb": String(product.ramGB),
            "storage_gb": String(product.storageGB), "storage_type": product.storageType, "bandwidth_tb": String(product.bandwidthTB),
            "ip_addresses": String(product.ipAddresses), "datacenter_location": product.datacenterLocation, "region": product.region,
            "available_locations": product.availableLocations.joined(separator: "\n"), "price_monthly": product.priceMonthly.description,
            "price_quarterly": product.priceQuarterly?.description ?? "", "price_yearly": product.priceYearly?.description ?? "",
            "setup_fee": product.setupFee.description, "monthly_cost": product.monthlyCost.description, "provisioning_type": product.provisioningType.rawValue,
            "provisioning_module": product.provisioningModule, "provider": product.provider,
            "features": product.features.joined(separator: "\n"), "available_os": product.availableOS.joined(separator: "\n"),
            "is_active": product.isActive ? "true" : "false", "stock_count": product.stockCount.map(String.init) ?? "",
        ]
    }

    /// The submitted texts by field name; an unchecked checkbox reads as `"false"`.
    static func values(from form: QueryParameters) -> [String: String] {
        var values: [String: String] = [:]
        for spec in ProductFields.all {
            if spec.kind == .checkbox {
                values[spec.name] = form[spec.name] == "true" ? "true" : "false"
            } else {
                values[spec.name] = form[spec.name] ?? ""
            }
        }
        return values
    }

    /// Domain input from the form's texts; JSON fields the form does not show come from `stored`.
    static func input(_ values: [String: String], keeping stored: Product?) -> ProductInput {
        var input = ProductInput()
        for spec in ProductFields.all {
            let text = values[spec.name] ?? ""
            if spec.kind == .list {
                input.lists[spec.name] = lines(text)
            } else {
                input.scalars[spec.name] = text
            }
        }
        if let stored {
            input.objects[objectFields[0]] = stored.moduleConfig
            input.objects[objectFields[1]] = stored.metaData
        }
        return input
    }

    /// Fields whose stored text differs from the submitted one, in form order.
    static func changes(current: [String: String], submitted: [String: String]) -> [(field: String, current: String, yours: String)] {
        ProductFields.all.compactMap { spec in
            let stored = normalized(spec, current[spec.name] ?? "")
            let yours = normalized(spec, submitted[spec.name] ?? "")
            return stored == yours ? nil : (spec.name, stored, yours)
        }
    }

    /// One entry per non-empty line.
    private static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Comparable text: trimmed, amounts and numbers in canonical form, lists comma-joined.
    private static func normalized(_ spec: ProductFields.Spec, _ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch spec.kind {
        case .list: return lines(text).joined(separator: ", ")
        case .money:
            if trimmed.isEmpty && (spec.name == "setup_fee" || spec.name == "monthly_cost") { return Money.zero.description }
            return Money(trimmed)?.description ?? trimmed
        case .integer: return Int(trimmed).map(String.init) ?? trimmed
        default: return trimmed
        }
    }
}
