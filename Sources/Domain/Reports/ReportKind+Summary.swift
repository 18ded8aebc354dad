extension ReportKind {
    /// What each report answers, in one line.
    public var summary: String {
        switch self {
        case .mrr: return "MRR and ARR, and how they moved: new, expansion, contraction and churned recurring revenue."
        case .revenue: return "Invoiced, collected (payments less refunds) and outstanding, by product, location and billing cycle."
        case .receivables: return "Unpaid invoices by age (current, 1–30, 31–60, 61–90, over 90 days) and by customer."
        case .churn: return "Services and customers lost, with the reason, average revenue per customer and lifetime value."
        case .profit: return "Revenue less refunds less what the servers cost: margin by product, location and month."
        case .capacity: return "Servers by status, product and location; stock on hand, weekly sales and projected stock-out."
        }
    }
}
