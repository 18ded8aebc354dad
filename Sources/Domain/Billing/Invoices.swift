import Foundation
import Postgres

/// Invoice queries: one invoice with its items and payments, lists with keyset pagination.
public enum Invoices {
    /// List filters.
    public struct Filter: Sendable {
        public var status: InvoiceStatus?
        public var customerID: Int?
        /// The invoice number, exactly (e.g. `INV-2025-000042`).
        public var number: String?
        /// Only unpaid invoices whose due date has passed (in the company's time zone).
        public var overdue = false
        /// Issued on or after this day.
        public var issuedFrom: CalendarDay?
        /// Issued on or before this day.
        public var issuedTo: CalendarDay?

        public init(status: InvoiceStatus? = nil, customerID: Int? = nil, number: String? = nil, overdue: Bool = false,
                    issuedFrom: CalendarDay? = nil, issuedTo: CalendarDay? = nil) {
            self.status = status
            self.customerID = customerID
            self.number = number
            self.overdue = overdue
            self.issuedFrom = issuedFrom
            self.issuedTo = issuedTo
        }
    }

    /// The invoice if `caller` may see it — staff any, a customer their own issued ones; otherwise not found.
    public static func visible(id: Int, to caller: Caller) throws -> Invoice {
        guard var invoice = try find(id: id, on: caller.connection), caller.maySee(customerID: invoice.customerID),
              caller.isStaff || invoice.status != .draft else {
            throw DomainError.notFound("No such invoice.")
        }
        invoice.automaticPaymentFailure = try PaymentAttempts.latestFailure(invoiceID: id, on: caller.connection)
        return invoice
    }

    /// Newest first, filtered, limited to what `caller` may see (a customer: their own, issued).
    public static func list(_ filter: Filter, page: PageRequest, for caller: Caller) throws -> Page<Invoice> {
        var filter = filter
        filter.customerID = try caller.customerScope(requested: filter.customerID)
        var sql = SQLFilter()
        sql.add("id < ?", page.afterID)
        sql.add("status = ?", filter.status?.rawValue)
        sql.add("customer_id = ?", filter.customerID)
        sql.add("number = ?", filter.number)
        sql.add("issue_date >= ?", filter.issuedFrom)
        sql.add("issue_date <= ?", filter.issuedTo)
        if filter.overdue {
            sql.add("status = 'unpaid' AND due_date < ?", try BillingSettings.load(on: caller.connection).today(at: Date()))
        }
        if !caller.isStaff { sql.add("status <> ?", InvoiceStatus.draft.rawValue) }
        let rows = try caller.connection.query(
            "SELECT \(unescaped: Invoice.columns) FROM invoices \(sql.whereClause) ORDER BY id DESC LIMIT \(page.limit + 1)")
        let ids = try rows.map { try $0.decode(Int.self, "id") }
        let (items, payments) = try details(invoiceIDs: ids, on: caller.connection)
        let notes = try creditNotes(invoiceIDs: ids, on: caller.connection)
        let invoices = try rows.map { row in
            let id = try row.decode(Int.self, "id")
            var invoice = try Invoice(row: row, items: items[id] ?? [], payments: payments[id] ?? [])
            invoice.creditNotes = notes[id] ?? []
            return invoice
        }
        return page.page(invoices, id: \.id)
    }

    /// The invoice with its items and payments, or nil (unscoped).
    static func find(id: Int, on connection: PostgresConnection, lock: Bool = false) throws -> Invoice? {
        guard let row = try connection.query(
            "SELECT \(Invoice.columns) FROM invoices WHERE id = $1" + (lock ? " FOR UPDATE" : ""), [id]).firstRow else { return nil }
        let (items, payments) = try details(invoiceIDs: [id], on: connection)
        var invoice = try Invoice(row: row, items: items[id] ?? [], payments: payments[id] ?? [])
        invoice.creditNotes = try creditNotes(invoiceIDs: [id], on: connection)[id] ?? []
        return invoice
    }

    /// The invoices' credit notes, oldest first.
    static func creditNotes(invoiceIDs: [Int], on connection: PostgresConnection) throws -> [Int: [CreditNote]] {
        guard !invoiceIDs.isEmpty else { return [:] }
        let ids = "{" + invoiceIDs.map(String.init).joined(separator: ",") + "}"
        var notes: [Int: [CreditNote]] = [:]
        for row in try connection.query("SELECT \(CreditNote.columns) FROM credit_notes WHERE invoice_id = ANY($1::bigint[]) ORDER BY id", [ids]) {
            let note = try CreditNote(row: row)
            notes[note.invoiceID, default: []].append(note)
        }
        return notes
    }

    static func details(invoiceIDs: [Int], on connection: PostgresConnection) throws -> ([Int: [InvoiceItem]], [Int: [InvoicePayment]]) {
        guard !invoiceIDs.isEmpty else { return ([:], [:]) }
        let ids = "{" + invoiceIDs.map(String.init).joined(separator: ",") + "}"
        var items: [Int: [InvoiceItem]] = [:]
        for row in try connection.query(
            """
            SELECT invoice_id, kind, description, service_id, period_start, period_end, quantity, unit_price, amount
            FROM invoice_items WHERE invoice_id = ANY($1::bigint[]) ORDER BY id
            """, [ids]) {
            items[try row.decode(Int.self, "invoice_id"), default: []].append(try InvoiceItem(row: row))
        }
        var payments: [Int: [InvoicePayment]] = [:]
        for row in try connection.query(
            "SELECT id, invoice_id, amount, method, reference, paid_on, created_at FROM payments WHERE invoice_id = ANY($1::bigint[]) ORDER BY id",
            [ids]) {
            payments[try row.decode(Int.self, "invoice_id"), default: []].append(try InvoicePayment(row: row))
        }
        return (items, payments)
    }
}
