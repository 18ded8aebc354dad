import Domain

/// The product form's fields, in order and grouped, keyed by the contract's field names.
public enum ProductFields {
    /// How a field is entered.
    public enum Kind: Sendable, Equatable {
        case text, longText, integer, money, list, serverType, provisioningType, checkbox
    }

    /// One field: its contract name, label, kind and an optional hint.
    public struct Spec: Sendable {
        public let name: String
        public let label: String
        public let kind: Kind
        public let hint: String?

        init(_ name: String, _ label: String, _ kind: Kind = .text, hint: String? = nil) {
            self.name = name
            self.label = label
            self.kind = kind
            self.hint = hint
        }
    }

    /// Groups of fields, each shown as a fieldset.
    public static let sections: [(legend: String, fields: [Spec])] = [
        ("Product", [
            Spec("name", "Name"), Spec("description", "Description", .longText),
            Spec("server_type", "Server type", .serverType), Spec("is_active", "Active (customers can order it)", .checkbox),
        ]),
        ("Hardware", [
            Spec("cpu_cores", "CPU cores", .integer), Spec("cpu_model", "CPU model"), Spec("ram_gb", "RAM (GB)", .integer),
            Spec("storage_gb", "Storage (GB)", .integer), Spec("storage_type", "Storage type", hint: "For example ssd, nvme, hdd."),
            Spec("bandwidth_tb", "Bandwidth (TB)", .integer), Spec("ip_addresses", "IP addresses", .integer),
        ]),
        ("Location", [
            Spec("datacenter_location", "Datacenter location"), Spec("region", "Region"),
            Spec("available_locations", "Available locations", .list, hint: "One per line."),
        ]),
        ("Pricing", [
            Spec("price_monthly", "Monthly price", .money, hint: "Like 29.99."),
            Spec("price_quarterly", "Quarterly price", .money, hint: "Empty when not sold quarterly."),
            Spec("price_yearly", "Yearly price", .money, hint: "Empty when not sold yearly."),
            Spec("setup_fee", "Setup fee", .money, hint: "Empty for none."),
            Spec("monthly_cost", "Monthly cost", .money, hint: "What one server costs the company per month (profit and loss report). Empty for none."),
            Spec("stock_count", "Stock", .integer, hint: "Empty for unlimited."),
        ]),
        ("Provisioning", [
            Spec("provisioning_type", "Provisioning type", .provisioningType),
            Spec("provisioning_module", "Provisioning module", hint: "Lower-case letters, digits, - or _."),
            Spec("provider", "Provider"),
            Spec("features", "Features", .list, hint: "One per line."),
            Spec("available_os", "Available operating systems", .list, hint: "One per line."),
        ]),
    ]

    /// Every field, in form order.
    public static let all: [Spec] = sections.flatMap(\.fields)

    /// The field named `name`, if the form has one.
    public static func spec(_ name: String) -> Spec? {
        all.first { $0.name == name }
    }
}
