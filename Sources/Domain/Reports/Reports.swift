import Postgres

/// The reports staff read under `/admin/reports`: one entry point for the page, its CSV
/// download and its JSON twin, so all three show the same figures.
public enum Reports {
    /// Report `kind` for `query`, for staff only.
    public static func report(_ kind: ReportKind, _ query: ReportQuery, for caller: Caller) throws -> Report {
        _ = try caller.staff()
        let currency = query.currency ?? CreditLedger.defaultCurrency
        switch kind {
        default:
            throw DomainError.conflict("The \(kind.title.lowercased()) report is not available yet (\(currency)).")
        }
    }
}
