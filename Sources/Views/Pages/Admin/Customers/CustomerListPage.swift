import Domain

/// Customers, newest first, with a search box.
public struct CustomerListPage: PageModel {
    public let template = "admin/customers/index"
    public let title = "Customers"

    /// One customer in the table.
    public struct Row: Sendable {
        public var id: Int
        public var name: String
        public var email: String
        public var company: String
        public var isActive: Bool
        public var created: String

        init(_ customer: Customer) {
            id = customer.id
            name = customer.name.isEmpty ? "—" : customer.name
            email = customer.email
            company = customer.company.isEmpty ? "—" : customer.company
            isActive = customer.isActive
            created = Display.dateTime(customer.createdAt)
        }
    }

    public var rows: [Row]
    public var hasRows: Bool
    public var search: String
    /// The next page's address, keeping the search.
    public var nextHref: String?
    public var error: String?
    public var notice: String?

    public init(customers: [Customer], search: String, nextHref: String?, error: String?, notice: String?) {
        rows = customers.map(Row.init)
        hasRows = !rows.isEmpty
        self.search = search
        self.nextHref = nextHref
        self.error = error
        self.notice = notice
    }
}
