import Foundation
import Domain

/// One customer: details, the edit form, their orders and a link to place one for them.
public struct CustomerDetailPage: PageModel {
    public let template = "admin/customers/show"
    public let title: String

    /// One of the customer's orders.
    struct OrderRow: Sendable {
        var id: Int
        var status: String
        var total: String
        var created: String

        init(_ order: Order) {
            id = order.id
            status = order.status.rawValue
            total = "\(order.total) \(order.currency)"
            created = Display.dateTime(order.createdAt)
        }
    }

    /// What the edit form shows: the stored values, or the user's when re-rendering.
    struct Values: Sendable {
        var email: String
        var name: String
        var company: String
        var phone: String
        var isActive: Bool

        init(_ customer: Customer) {
            email = customer.email
            name = customer.name
            company = customer.company
            phone = customer.phone
            isActive = customer.isActive
        }

        init(_ input: CustomerInput) {
            email = input.email ?? ""
            name = input.name ?? ""
            company = input.company ?? ""
            phone = input.phone ?? ""
            isActive = input.isActive == "true"
        }
    }

    public var id: Int
    public var displayName: String
    public var storedEmail: String
    public var isActive: Bool
    public var twoFactor: String
    public var created: String
    public var version: Int
    var form: Values
    public var emailError: String?
    public var nameError: String?
    public var companyError: String?
    public var phoneError: String?
    public var activeError: String?
    var billing: BillingDetailsForm
    public var hasErrors: Bool
    var orders: [OrderRow]
    public var hasOrders: Bool
    public var moreOrders: Bool
    public var placeOrderHref: String
    public var alert: String?
    public var notice: String?
    public var changes: [FieldChange]
    public var hasChanges: Bool
    public var csrfToken: String
    /// Which optional messages the customer gets (read-only).
    var notifications: [NotificationChoice]

    /// One optional message and whether the customer gets it.
    struct NotificationChoice: Sendable {
        var title: String
        var state: String
    }

    /// The page for `overview`. After a refused edit, `submitted` is what the form sent, with
    /// its field `errors`; `stale` says the customer changed meanwhile (what changed is shown).
    public init(
        _ overview: CustomerOverview, submitted: CustomerInput? = nil, errors: FormErrors = FormErrors(), stale: Bool = false,
        alert: String? = nil, notice: String? = nil, notifications: [NotificationPreferences.Choice] = [], csrfToken: String
    ) {
        let customer = overview.customer
        self.notifications = notifications.map { NotificationChoice(title: $0.title, state: $0.enabled ? "on" : "off") }
        id = customer.id
        displayName = customer.name.isEmpty ? customer.email : customer.name
        title = "Customer \(displayName)"
        storedEmail = customer.email
        isActive = customer.isActive
        twoFactor = customer.twoFactorEnabled ? "enabled" : "not set up"
        created = Display.dateTime(customer.createdAt)
        version = customer.version
        form = submitted.map(Values.init) ?? Values(customer)
        emailError = errors["email"]
        nameError = errors["name"]
        companyError = errors["company"]
        phoneError = errors["phone"]
        activeError = errors["is_active"]
        billing = BillingDetailsForm(customer.billing, typed: submitted?.billing, errors: errors, idPrefix: "customer", staff: true)
        hasErrors = !errors.isEmpty
        orders = overview.orders.map(OrderRow.init)
        hasOrders = !orders.isEmpty
        moreOrders = overview.moreOrders
        placeOrderHref = "/admin/orders/new?customer_id=\(customer.id)"
        changes = stale ? Self.changes(current: customer, submitted: form) : []
        self.alert = stale
            ? "Someone else changed this customer while you were editing (it is now at version \(customer.version)). Nothing was saved."
            : alert
        self.notice = notice
        hasChanges = !changes.isEmpty
        self.csrfToken = csrfToken
    }

    /// Fields where the stored customer differs from what the user submitted.
    private static func changes(current: Customer, submitted: Values) -> [FieldChange] {
        let trim = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let pairs: [(String, String, String)] = [
            ("Name", current.name, trim(submitted.name)), ("Email", current.email, trim(submitted.email).lowercased()),
            ("Company", current.company, trim(submitted.company)), ("Phone", current.phone, trim(submitted.phone)),
            ("Active", current.isActive ? "yes" : "no", submitted.isActive ? "yes" : "no"),
        ]
        return pairs.filter { $0.1 != $0.2 }.map { FieldChange(label: $0.0, current: $0.1, yours: $0.2) }
    }
}
