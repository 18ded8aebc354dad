import Domain

/// `/admin/servers`: filters and a newest-first table of servers.
public struct ServerListPage: PageModel {
    public let template = "admin/servers/list"
    public let title = "Servers"

    /// One server in the table.
    public struct Row: Sendable {
        public var id: Int
        public var hostname: String
        public var ipAddress: String
        public var status: String
        public var customerID: Int
        public var customerEmail: String
        public var product: String
        public var location: String
        public var created: String
    }

    /// The filter values as the user typed them, shown again in the form.
    public struct Filters: Sendable {
        public var status: String
        public var customerID: String
        public var productID: String
        public var location: String
        public var search: String

        public init(status: String, customerID: String, productID: String, location: String, search: String) {
            self.status = status
            self.customerID = customerID
            self.productID = productID
            self.location = location
            self.search = search
        }
    }

    public var rows: [Row]
    public var isEmpty: Bool
    public var statuses: [SelectOption]
    public var filters: Filters
    public var error: String?
    public var nextHref: String?

    public init(servers: [ServerSummary], filters: Filters, error: String?, nextHref: String?) {
        rows = servers.map(Row.init)
        isEmpty = servers.isEmpty
        statuses = [SelectOption(value: "", label: "any", selected: filters.status.isEmpty)]
            + ServerStatus.allCases.map { SelectOption(value: $0.rawValue, selected: $0.rawValue == filters.status) }
        self.filters = filters
        self.error = error
        self.nextHref = nextHref
    }
}

extension ServerListPage.Row {
    /// The row for `server` (an extension, so the memberwise initializer stays for tests).
    public init(_ server: ServerSummary) {
        id = server.id
        hostname = server.hostname.isEmpty ? "—" : server.hostname
        ipAddress = server.ipAddress.isEmpty ? "—" : server.ipAddress
        status = server.status.rawValue
        customerID = server.customerID
        customerEmail = server.customerEmail
        product = server.productName.isEmpty ? "—" : server.productName
        location = server.datacenterLocation.isEmpty ? "—" : server.datacenterLocation
        created = Display.dateTime(server.createdAt)
    }
}
