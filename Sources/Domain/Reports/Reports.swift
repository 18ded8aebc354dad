import Postgres

/// The reports staff read under `/admin/reports`: one entry point for the page, its CSV
/// download and its JSON twin, so all three show the same figures.
public enum Reports {
    /// Report `kind` for `query`, for staff only.
    public static func report(_ kind: ReportKind, _ query: ReportQuery, for caller: Caller) throws -> Report {
        _ = try caller.staff()
        return try report(kind, query, on: caller.connection)
    }

    /// The report itself (no access check): for the daily summary, the bench and tests.
    /// Its reads share one snapshot: a rollup or a payment committing between two of them cannot
    /// make the report's tables disagree.
    static func report(_ kind: ReportKind, _ query: ReportQuery, on connection: PostgresConnection) throws -> Report {
        try connection.snapshot { try build(kind, query, on: $0) }
    }

    private static func build(_ kind: ReportKind, _ query: ReportQuery, on connection: PostgresConnection) throws -> Report {
        let currency = query.currency ?? CreditLedger.defaultCurrency
        switch kind {
        case .mrr: return try MRRReport.build(query, currency: currency, on: connection)
        case .revenue: return try RevenueReport.build(query, currency: currency, on: connection)
        case .receivables: return try ReceivablesReport.build(query, currency: currency, on: connection)
        case .churn: return try ChurnReport.build(query, currency: currency, on: connection)
        case .profit: return try ProfitReport.build(query, currency: currency, on: connection)
        case .capacity: return try CapacityReport.build(query, currency: currency, on: connection)
        }
    }
}
