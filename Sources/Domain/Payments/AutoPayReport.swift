import Foundation

/// What one automatic-payment run did.
public struct AutoPayReport: Sendable, Equatable {
    /// Charges the gateway took.
    public var succeeded = 0
    /// Charges the gateway declined (retried on the schedule's next day, if any).
    public var declined = 0
    /// Calls the gateway did not answer (asked again after the backoff).
    public var unanswered = 0
    /// Attempts that could not be completed, with why (the next run retries them).
    public var failures: [String] = []

    public init() {}

    mutating func count(_ result: AutoPayCompletion.Result) {
        switch result {
        case .succeeded: succeeded += 1
        case .declined: declined += 1
        case .unanswered: unanswered += 1
        }
    }

    /// One line for the command and the log.
    public var summary: String {
        "automatic payments: \(succeeded) charged, \(declined) declined, \(unanswered) unanswered, \(failures.count) failures"
    }
}
