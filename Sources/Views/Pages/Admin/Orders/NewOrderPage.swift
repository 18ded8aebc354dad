import Domain

/// `/admin/orders/new`: an order for a customer from one or more products.
public struct NewOrderPage: PageModel {
    public let template = "admin/orders/new"
    public let title = "New order"
    public var customerID: String
    public var customerLabel: String?
    public var customerError: String?
    public var notes: String
    public var notesError: String?
    var rows: [OrderLineRow]
    public var error: String?
    public var csrfToken: String

    /// The form for `customerID` (as typed; `customer` when it names one), with the lines
    /// sent so far (form row → line) and their field `errors`.
    public init(
        customerID: String, customer: Customer?, notes: String, submitted: [Int: OrderLineInput], products: [Product], errors: FormErrors,
        error: String?, csrfToken: String
    ) {
        self.customerID = customerID
        customerLabel = customer.map { "\($0.name.isEmpty ? $0.email : $0.name) · \($0.email)" }
        customerError = errors["customer_id"]
        self.notes = notes
        notesError = errors["notes"]
        rows = OrderLineRow.rows(submitted: submitted, products: products, errors: errors)
        self.error = error ?? errors["items"]
        self.csrfToken = csrfToken
    }
}
