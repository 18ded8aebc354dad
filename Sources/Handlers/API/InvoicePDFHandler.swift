import Domain

/// `GET /api/v1/invoices/{id}/pdf`, `/my/invoices/{id}/pdf`, `/admin/invoices/{id}/pdf`: the stored
/// PDF as a download (staff any invoice, a customer their own; others 404), rendered first if the
/// render queue has not stored it yet.
enum InvoicePDFHandler {
    static func download(_ request: Request, _ context: RequestContext) throws -> Response {
        let pdf = try InvoicePDFs.pdf(invoiceID: try context.idParameter(), for: context.caller, maker: context.services.invoicePDF)
        let name = String(pdf.number.map { $0.isASCII && ($0.isLetter || $0.isNumber) || "-_.".contains($0) ? $0 : "_" })
        return Response(status: .ok, headers: [
            ("Content-Type", "application/pdf"), ("Content-Disposition", "attachment; filename=\"\(name).pdf\""),
            ("Cache-Control", "private, no-store"), ("ETag", "\"\(pdf.sha256)\""),
        ], body: pdf.bytes)
    }
}
