import Foundation

/// What one billing run did (the row it wrote in `billing_runs`).
public struct BillingRunReport: Sendable, Equatable, Encodable {
    public var runID: Int
    public var today: CalendarDay
    public var customers: Int
    public var invoicesIssued: Int
    public var periodsInvoiced: Int
    public var servicesOverdue: Int
    /// Pending cancellations that took effect (service cancelled, terminate job queued).
    public var servicesCancelled: Int
    /// Customers whose invoicing failed (rolled back; the next run retries them), with why.
    public var failures: [String]
    /// What dunning did after invoicing (nil when dunning is off).
    public var dunning: DunningRunReport? = nil

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", today, customers, failures
        case invoicesIssued = "invoices_issued", periodsInvoiced = "periods_invoiced", servicesOverdue = "services_overdue",
             servicesCancelled = "services_cancelled", dunning
    }
}
