import Domain

/// `/my/invoices` and `/my/invoices/{id}`: a customer's own invoices.
public struct MyInvoicesPage: PageModel {
    public let template: String
    public let title: String

    var rows: [InvoiceDocument.Row] = []
    var isEmpty = true
    var nextHref: String?
    var document: InvoiceDocument?

    /// One page of the customer's invoices, newest first.
    public init(_ page: Page<Invoice>) {
        template = "my/invoices"
        title = "My invoices"
        rows = page.items.map(InvoiceDocument.Row.init)
        isEmpty = rows.isEmpty
        nextHref = page.nextCursor.map { "/my/invoices?cursor=\($0)" }
    }

    /// One invoice: items with their periods, payments and totals; prints as the invoice document.
    public init(_ invoice: Invoice) {
        template = "my/invoice"
        title = "Invoice \(invoice.number ?? "#\(invoice.id)")"
        document = InvoiceDocument(invoice)
    }
}
