import Domain

/// `/admin/invoices`: filters (status, overdue, customer, number, issue dates) and a newest-first table.
public struct InvoiceListPage: PageModel {
    public let template = "admin/invoices/list"
    public let title = "Invoices"
    /// The query keys the filter form sends (and the "older" link keeps).
    public static let filterKeys = ["status", "overdue", "customer_id", "number", "issued_from", "issued_to"]

    var rows: [InvoiceDocument.Row]
    var isEmpty: Bool
    var statuses: [SelectOption]
    var overdue: Bool
    var customerID: String
    var number: String
    var issuedFrom: String
    var issuedTo: String
    var error: String?
    var nextHref: String?

    /// The list of `invoices` under the filters as typed (`filters` by query key).
    public init(invoices: [Invoice], filters: [String: String], error: String?, nextHref: String?) {
        rows = invoices.map(InvoiceDocument.Row.init)
        isEmpty = rows.isEmpty
        let status = filters["status"] ?? ""
        statuses = ([""] + InvoiceStatus.allCases.map(\.rawValue)).map { SelectOption(value: $0, label: $0.isEmpty ? "any" : $0, selected: $0 == status) }
        overdue = filters["overdue"] == "true" || filters["overdue"] == "1"
        customerID = filters["customer_id"] ?? ""
        number = filters["number"] ?? ""
        issuedFrom = filters["issued_from"] ?? ""
        issuedTo = filters["issued_to"] ?? ""
        self.error = error
        self.nextHref = nextHref
    }
}
