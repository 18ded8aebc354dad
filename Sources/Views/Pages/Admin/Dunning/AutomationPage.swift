import Domain

/// `/admin/automation`: each dunning run of the billing tick, what it did and what failed.
public struct AutomationPage: PageModel {
    public let template = "admin/dunning/automation"
    public let title = "Automation"

    struct Row: Sendable {
        var id: Int
        var day: String
        var started: String
        var finished: String
        var reminders: Int
        var notices: Int
        var warnings: Int
        var suspensions: Int
        var terminations: Int
        var failures: Int
        var failureDetails: String
    }

    var rows: [Row]
    var isEmpty: Bool

    /// The page for `runs`, newest first.
    public init(runs: [DunningRun]) {
        rows = runs.map {
            Row(id: $0.id, day: $0.day.description, started: Display.dateTime($0.runAt), finished: $0.finishedAt.map(Display.dateTime) ?? "running",
                reminders: $0.reminders, notices: $0.notices, warnings: $0.warnings, suspensions: $0.suspensions, terminations: $0.terminations,
                failures: $0.failures, failureDetails: $0.failureDetails)
        }
        isEmpty = rows.isEmpty
    }
}
