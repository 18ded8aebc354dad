/// A report as asked for: its tables (the first is the main one, with the chart the page shows
/// first), the query that made it and the currency its money is in.
public struct Report: Sendable, Encodable {
    public let kind: ReportKind
    public let query: ReportQuery
    public let currency: String
    public let tables: [ReportTable]
    /// Plain sentences under the title (how a figure is defined, what was left out).
    public let notes: [String]

    public init(kind: ReportKind, query: ReportQuery, currency: String, tables: [ReportTable], notes: [String] = []) {
        self.kind = kind
        self.query = query
        self.currency = currency
        self.tables = tables
        self.notes = notes
    }

    /// The table with `key`, or the main table when `key` is nil.
    public func table(_ key: String?) -> ReportTable? {
        guard let key else { return tables.first }
        return tables.first { $0.key == key }
    }
}
