/// One editable order line in a form: the choices and what is selected.
public struct OrderLineRow: Sendable {
    public struct Option: Sendable {
        public var value: String
        public var label: String
        public var selected: Bool
    }

    public var index: Int
    public var products: [Option]
    public var cycles: [Option]
    public var quantity: String
    public var hostname: String
    public var operatingSystem: String
    public var productError: String?
    public var cycleError: String?
    public var quantityError: String?
    public var hostnameError: String?
    public var osError: String?

    /// A row with `products` to choose from (id, label) and the given selection.
    public init(
        index: Int, products: [(id: Int, label: String)], productID: String, cycle: String, quantity: String, hostname: String,
        operatingSystem: String, errors: FormErrors
    ) {
        self.index = index
        self.products = [Option(value: "", label: "— none —", selected: productID.isEmpty)]
            + products.map { Option(value: String($0.id), label: $0.label, selected: String($0.id) == productID) }
        cycles = ["monthly", "quarterly", "yearly"].map { Option(value: $0, label: $0, selected: $0 == (cycle.isEmpty ? "monthly" : cycle)) }
        self.quantity = quantity.isEmpty ? "1" : quantity
        self.hostname = hostname
        self.operatingSystem = operatingSystem
        productError = errors["items[\(index)].product_id"]
        cycleError = errors["items[\(index)].billing_cycle"]
        quantityError = errors["items[\(index)].quantity"]
        hostnameError = errors["items[\(index)].hostname"]
        osError = errors["items[\(index)].operating_system"]
    }
}
