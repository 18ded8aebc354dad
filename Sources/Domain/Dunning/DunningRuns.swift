import Foundation
import Postgres

/// One recorded dunning run, as `/admin/automation` lists it.
public struct DunningRun: Sendable, Equatable, Encodable {
    public var id: Int
    public var billingRunID: Int?
    public var runAt: Date
    public var day: CalendarDay
    public var finishedAt: Date?
    public var reminders: Int
    public var notices: Int
    public var warnings: Int
    public var suspensions: Int
    public var terminations: Int
    public var failures: Int
    public var failureDetails: String

    enum CodingKeys: String, CodingKey {
        case id, billingRunID = "billing_run_id", runAt = "run_at", day, finishedAt = "finished_at", reminders, notices, warnings, suspensions,
             terminations, failures, failureDetails = "failure_details"
    }
}

/// The recorded dunning runs, newest first (staff only).
public enum DunningRuns {
    /// The latest `limit` runs.
    public static func list(for caller: Caller, limit: Int = 100) throws -> [DunningRun] {
        _ = try caller.staff()
        return try caller.connection.query(
            """
            SELECT id, billing_run_id, run_at, day, finished_at, reminders, notices, warnings, suspensions, terminations, failures, failure_details
            FROM dunning_runs ORDER BY id DESC LIMIT \(limit)
            """).map { row in
                DunningRun(id: try row.decode(Int.self, "id"), billingRunID: try row.decode(Int?.self, "billing_run_id"),
                           runAt: try row.decode(Date.self, "run_at"), day: try row.decode(CalendarDay.self, "day"),
                           finishedAt: try row.decode(Date?.self, "finished_at"), reminders: try row.decode(Int.self, "reminders"),
                           notices: try row.decode(Int.self, "notices"), warnings: try row.decode(Int.self, "warnings"),
                           suspensions: try row.decode(Int.self, "suspensions"), terminations: try row.decode(Int.self, "terminations"),
                           failures: try row.decode(Int.self, "failures"), failureDetails: try row.decode(String.self, "failure_details"))
            }
    }
}
