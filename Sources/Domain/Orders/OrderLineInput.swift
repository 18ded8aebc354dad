/// An order line as text from a form or JSON body, validated into an `OrderLine`.
public struct OrderLineInput: Sendable {
    public var productID: String?
    public var billingCycle: String?
    public var quantity: String?
    public var hostname: String?
    public var operatingSystem: String?

    public init(productID: String?, billingCycle: String?, quantity: String? = nil, hostname: String? = nil, operatingSystem: String? = nil) {
        self.productID = productID
        self.billingCycle = billingCycle
        self.quantity = quantity
        self.hostname = hostname
        self.operatingSystem = operatingSystem
    }

    /// Validates all lines; issues are named `items[i].field`.
    public static func validate(_ inputs: [OrderLineInput]) throws -> [OrderLine] {
        guard !inputs.isEmpty else { throw DomainError.invalid("items", "must have at least one line") }
        guard inputs.count <= 20 else { throw DomainError.invalid("items", "must have at most 20 lines") }
        var issues: [FieldIssue] = []
        var lines: [OrderLine] = []
        for (index, input) in inputs.enumerated() {
            var check = FieldChecker([
                "product_id": input.productID, "billing_cycle": input.billingCycle, "quantity": input.quantity,
                "hostname": input.hostname, "operating_system": input.operatingSystem,
            ])
            let product = check.integer("product_id", required: true, range: 1...Int(Int32.max))
            let cycle = check.choice("billing_cycle", BillingCycle.self, default: .monthly)
            let quantity = check.integer("quantity", range: 1...100, default: 1)
            let hostname = check.text("hostname", max: 253, default: "")
            let os = check.text("operating_system", max: 100, default: "")
            var lineIssues = check.issues
            if let hostname, !hostname.isEmpty, !Hostname.isValid(hostname) {
                lineIssues.append(FieldIssue(field: "hostname", message: "must be a host name like web1.example.com"))
            }
            issues += lineIssues.map { FieldIssue(field: "items[\(index)].\($0.field)", message: $0.message) }
            if let product, let cycle, let quantity, let hostname, let os, lineIssues.isEmpty {
                lines.append(OrderLine(productID: product, billingCycle: cycle, quantity: quantity, hostname: hostname.lowercased(), operatingSystem: os))
            }
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        return lines
    }
}
