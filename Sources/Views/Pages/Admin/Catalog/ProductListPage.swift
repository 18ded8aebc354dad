import Domain

/// The catalog as staff see it: a filtered, sorted table of products.
public struct ProductListPage: PageModel {
    public let template = "admin/products/index"
    public let title = "Products"

    /// One product in the table.
    public struct Row: Sendable {
        public var id: Int
        public var name: String
        public var type: String
        public var location: String
        public var cpu: String
        public var ram: String
        public var storage: String
        public var priceMonthly: String
        public var stock: String
        public var isActive: Bool
        public var version: Int
        public var activeValue: String
        public var activeLabel: String

        init(_ product: Product) {
            id = product.id
            name = product.name
            type = product.serverType.rawValue
            location = product.datacenterLocation.isEmpty ? "—" : product.datacenterLocation
            cpu = product.cpuModel.isEmpty ? "\(product.cpuCores) cores" : "\(product.cpuCores) cores · \(product.cpuModel)"
            ram = "\(product.ramGB) GB"
            storage = "\(product.storageGB) GB \(product.storageType)"
            priceMonthly = product.priceMonthly.description
            stock = product.stockCount.map(String.init) ?? "unlimited"
            isActive = product.isActive
            version = product.version
            activeValue = product.isActive ? "false" : "true"
            activeLabel = product.isActive ? "Deactivate" : "Activate"
        }
    }

    public var rows: [Row]
    public var hasRows: Bool
    public var typeOptions: [SelectOption]
    public var activeOptions: [SelectOption]
    public var locationOptions: [SelectOption]
    public var sortOptions: [SelectOption]
    /// The next page's address, keeping the filters.
    public var nextHref: String?
    /// Why the filters could not be applied.
    public var error: String?
    public var notice: String?
    public var csrfToken: String

    public init(
        products: [Product], typeOptions: [SelectOption], activeOptions: [SelectOption], locationOptions: [SelectOption],
        sortOptions: [SelectOption], nextHref: String?, error: String?, notice: String?, csrfToken: String
    ) {
        rows = products.map(Row.init)
        hasRows = !rows.isEmpty
        self.typeOptions = typeOptions
        self.activeOptions = activeOptions
        self.locationOptions = locationOptions
        self.sortOptions = sortOptions
        self.nextHref = nextHref
        self.error = error
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
