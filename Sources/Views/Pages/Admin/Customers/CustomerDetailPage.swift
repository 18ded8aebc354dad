import Domain

/// One customer: details, the edit form, their orders and a link to place one for them.
public struct CustomerDetailPage: PageModel {
    public let template = "admin/customers/show"
    public let title: String

    /// One of the customer's orders.
    public struct OrderRow: Sendable {
        public var id: Int
        public var status: String
        public var total: String
        public var created: String

        public init(_ order: Order) {
            id = order.id
            status = order.status.rawValue
            total = "\(order.total) \(order.currency)"
            created = Display.dateTime(order.createdAt)
        }
    }

    /// What the edit form shows: the stored values, or the user's when re-rendering.
    public struct Values: Sendable {
        public var email: String
        public var name: String
        public var company: String
        public var phone: String
        public var isActive: Bool

        public init(email: String, name: String, company: String, phone: String, isActive: Bool) {
            self.email = email
            self.name = name
            self.company = company
            self.phone = phone
            self.isActive = isActive
        }

        public init(_ customer: Customer) {
            self.init(email: customer.email, name: customer.name, company: customer.company, phone: customer.phone, isActive: customer.isActive)
        }
    }

    public var id: Int
    public var displayName: String
    public var storedEmail: String
    public var isActive: Bool
    public var twoFactor: String
    public var created: String
    public var version: Int
    public var form: Values
    public var emailError: String?
    public var nameError: String?
    public var companyError: String?
    public var phoneError: String?
    public var activeError: String?
    public var hasErrors: Bool
    public var orders: [OrderRow]
    public var hasOrders: Bool
    public var moreOrders: Bool
    public var placeOrderHref: String
    public var alert: String?
    public var notice: String?
    public var changes: [FieldChange]
    public var hasChanges: Bool
    public var csrfToken: String

    /// `version` is the one the form submits (the current one after a conflict).
    public init(
        customer: Customer, form: Values? = nil, errors: FormErrors = FormErrors(), orders: [Order], moreOrders: Bool,
        alert: String? = nil, notice: String? = nil, changes: [FieldChange] = [], csrfToken: String
    ) {
        id = customer.id
        displayName = customer.name.isEmpty ? customer.email : customer.name
        title = "Customer \(displayName)"
        storedEmail = customer.email
        isActive = customer.isActive
        twoFactor = customer.twoFactorEnabled ? "enabled" : "not set up"
        created = Display.dateTime(customer.createdAt)
        version = customer.version
        self.form = form ?? Values(customer)
        emailError = errors["email"]
        nameError = errors["name"]
        companyError = errors["company"]
        phoneError = errors["phone"]
        activeError = errors["is_active"]
        hasErrors = !errors.isEmpty
        self.orders = orders.map(OrderRow.init)
        hasOrders = !orders.isEmpty
        self.moreOrders = moreOrders
        placeOrderHref = "/admin/orders/new?customer_id=\(customer.id)"
        self.alert = alert
        self.notice = notice
        self.changes = changes
        hasChanges = !changes.isEmpty
        self.csrfToken = csrfToken
    }
}
