/// `/admin/orders/new`: an order for a customer from one or more products.
public struct NewOrderPage: PageModel {
    public let template = "admin/orders/new"
    public let title = "New order"
    public var customerID: String
    public var customerLabel: String?
    public var customerError: String?
    public var notes: String
    public var notesError: String?
    public var rows: [OrderLineRow]
    public var error: String?
    public var csrfToken: String

    public init(customerID: String, customerLabel: String?, notes: String, rows: [OrderLineRow], errors: FormErrors, error: String?, csrfToken: String) {
        self.customerID = customerID
        self.customerLabel = customerLabel
        customerError = errors["customer_id"]
        self.notes = notes
        notesError = errors["notes"]
        self.rows = rows
        self.error = error ?? errors["items"]
        self.csrfToken = csrfToken
    }
}
