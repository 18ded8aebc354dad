import Foundation

/// What one dunning run did (its row in `dunning_runs`).
public struct DunningRunReport: Sendable, Equatable, Encodable {
    public var runID: Int
    public var day: CalendarDay
    public var reminders = 0
    /// Overdue notices sent.
    public var notices = 0
    /// Suspension and termination warnings sent.
    public var warnings = 0
    public var suspensions = 0
    public var terminations = 0
    /// Invoices or services whose step failed (rolled back; the next run retries), with why.
    public var failures: [String] = []

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", day, reminders, notices, warnings, suspensions, terminations, failures
    }
}
