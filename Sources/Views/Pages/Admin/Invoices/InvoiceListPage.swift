import Domain

/// `/admin/invoices`: filters (status, customer, number) and a newest-first table.
public struct InvoiceListPage: PageModel {
    public let template = "admin/invoices/list"
    public let title = "Invoices"

    var rows: [InvoiceDocument.Row]
    var isEmpty: Bool
    var statuses: [SelectOption]
    var customerID: String
    var number: String
    var error: String?
    var nextHref: String?

    /// The list of `invoices` under the filters as typed.
    public init(invoices: [Invoice], status: String, customerID: String, number: String, error: String?, nextHref: String?) {
        rows = invoices.map(InvoiceDocument.Row.init)
        isEmpty = rows.isEmpty
        statuses = ([""] + InvoiceStatus.allCases.map(\.rawValue)).map { SelectOption(value: $0, label: $0.isEmpty ? "any" : $0, selected: $0 == status) }
        self.customerID = customerID
        self.number = number
        self.error = error
        self.nextHref = nextHref
    }
}
