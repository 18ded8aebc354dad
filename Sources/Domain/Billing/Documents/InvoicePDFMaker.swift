/// Makes an issued invoice's PDF: its printable HTML (built by Views from the invoice page's own
/// partial, styles inlined, nothing fetched) through the HTML-to-PDF renderer.
public struct InvoicePDFMaker: Sendable {
    public let engine: HTMLToPDF
    /// The standalone printable HTML of an invoice.
    public let html: @Sendable (Invoice) throws -> [UInt8]

    public init(engine: HTMLToPDF, html: @escaping @Sendable (Invoice) throws -> [UInt8]) {
        self.engine = engine
        self.html = html
    }

    func pdf(_ invoice: Invoice) throws -> [UInt8] {
        try engine.pdf(html: try html(invoice))
    }
}
