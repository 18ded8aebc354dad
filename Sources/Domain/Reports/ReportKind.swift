/// The reports under `/admin/reports/{kind}`, in the order the reports menu lists them.
public enum ReportKind: String, Sendable, CaseIterable, Encodable {
    case mrr, revenue, receivables, churn, profit, capacity

    /// The report's name as staff read it.
    public var title: String {
        switch self {
        case .mrr: return "Recurring revenue"
        case .revenue: return "Revenue"
        case .receivables: return "Receivables"
        case .churn: return "Churn"
        case .profit: return "Profit and loss"
        case .capacity: return "Capacity and stock"
        }
    }
}
