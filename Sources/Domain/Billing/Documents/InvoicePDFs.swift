import Foundation
import Postgres

/// The stored PDF of an issued invoice: its number (the file name) and the bytes of record.
public struct StoredInvoicePDF: Sendable {
    public var invoiceID: Int
    public var number: String
    public var bytes: [UInt8]
    /// SHA-256 of `bytes`, lowercase hex.
    public var sha256: String
    public var createdAt: Date
}

/// Invoice PDFs: rendered once per issued invoice (by the render queue, or by the first request
/// that finds none stored yet) and stored in `invoice_documents`. The stored bytes are the
/// document of record: an existing one is never rendered again.
public enum InvoicePDFs {
    /// Advisory-lock class of "rendering invoice N" (with the invoice id as the second key).
    static let lockClass: Int32 = 0x7064_6620

    /// The PDF of invoice `invoiceID` if `caller` may see it (staff any, a customer their own;
    /// otherwise not found); rendered now when it is not stored yet. A draft has none (conflict).
    public static func pdf(invoiceID: Int, for caller: Caller, maker: InvoicePDFMaker) throws -> StoredInvoicePDF {
        let invoice = try Invoices.visible(id: invoiceID, to: caller)
        guard invoice.status != .draft else { throw DomainError.conflict("A draft has no document; it is made when the invoice is issued.") }
        return try ensure(invoiceID: invoice.id, maker: maker, on: caller.connection)
    }

    /// The stored PDF, rendering and storing it first if there is none. Renders happen under a
    /// per-invoice advisory lock, so two at once render once: the second waits and reads the first's.
    static func ensure(invoiceID: Int, maker: InvoicePDFMaker, on connection: PostgresConnection) throws -> StoredInvoicePDF {
        if let stored = try stored(invoiceID: invoiceID, on: connection) { return stored }
        return try connection.transaction { connection in
            try connection.query("SELECT pg_advisory_xact_lock($1, $2::integer)", [lockClass, invoiceID])
            if let stored = try stored(invoiceID: invoiceID, on: connection) { return stored }
            guard let invoice = try Invoices.find(id: invoiceID, on: connection) else { throw DomainError.notFound("No such invoice.") }
            guard invoice.status != .draft else { throw DomainError.conflict("Invoice \(invoiceID) is a draft; it has no document.") }
            let bytes = try maker.pdf(invoice)
            try connection.query(
                "INSERT INTO invoice_documents (invoice_id, bytes, sha256) VALUES ($1, $2, $3) ON CONFLICT (invoice_id) DO NOTHING",
                [invoiceID, PostgresBytes(bytes), try Digest.sha256(bytes).hexString])
            return try stored(invoiceID: invoiceID, on: connection)!
        }
    }

    /// The stored PDF, or nil when none is stored yet.
    static func stored(invoiceID: Int, on connection: PostgresConnection) throws -> StoredInvoicePDF? {
        guard let row = try connection.query(
            """
            SELECT d.bytes, d.sha256, d.created_at, coalesce(i.number, i.id::text) AS number
            FROM invoice_documents d JOIN invoices i ON i.id = d.invoice_id WHERE d.invoice_id = $1
            """, [invoiceID]).firstRow else { return nil }
        return StoredInvoicePDF(invoiceID: invoiceID, number: try row.decode(String.self, "number"),
                                bytes: try row.decode(PostgresBytes.self, "bytes").bytes, sha256: try row.decode(String.self, "sha256"),
                                createdAt: try row.decode(Date.self, "created_at"))
    }
}
