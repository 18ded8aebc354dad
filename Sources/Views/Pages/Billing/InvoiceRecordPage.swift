import Domain

/// The standalone printable invoice that becomes its PDF (`templates/billing/invoice_record.mustache`):
/// the invoice page's own partial, the portal's stylesheet inlined, nothing fetched. It shows the
/// invoice as issued — what changes later (status, payments, amount due, credit notes) is marked
/// `invoice-live` and hidden — because the PDF is stored once as the document of record.
public struct InvoiceRecordPage: PageModel {
    public let template = "billing/invoice_record"
    public let title: String
    var document: InvoiceDocument
    var stylesheet: String

    public init(_ invoice: Invoice, stylesheet: String) {
        title = "Invoice \(invoice.number ?? "#\(invoice.id)")"
        document = InvoiceDocument(invoice)
        self.stylesheet = stylesheet
    }
}

extension PageRenderer {
    /// Renders `page` on its own, without the layout (a standalone document), as UTF-8.
    public func standalone(_ page: some PageModel) throws -> [UInt8] {
        guard let html = library.render(TemplateValue.reflecting(page) ?? .reflected(page), template: page.template) else {
            throw ViewError.unknownTemplate(page.template)
        }
        return html
    }

    /// Makes invoice PDFs from ``InvoiceRecordPage`` with `stylesheet` (the text of `static/css/portal.css`) inlined.
    public func invoicePDFMaker(stylesheet: String, engine: HTMLToPDF) -> InvoicePDFMaker {
        InvoicePDFMaker(engine: engine) { invoice in try standalone(InvoiceRecordPage(invoice, stylesheet: stylesheet)) }
    }
}
