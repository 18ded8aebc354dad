import Foundation
import Postgres

/// The dunning settings (one row, `dunning_settings`): whether dunning runs, the days before the
/// due date a reminder goes out, the days overdue an overdue notice goes out, after how many
/// days overdue the invoice's services are suspended (0 = never) with a warning some days before,
/// and after how many days suspended they are terminated (0 = never) with a final warning before.
public struct DunningSettings: Sendable, Equatable, Encodable {
    public var enabled = false
    public var reminderDays: [Int] = [7, 3]
    public var overdueNoticeDays: [Int] = [1, 7, 14]
    public var suspendAfterDays = 14
    public var suspensionWarningDays = 3
    public var terminateAfterDays = 30
    public var terminationWarningDays = 7

    public init() {}

    enum CodingKeys: String, CodingKey {
        case enabled, reminderDays = "reminder_days", overdueNoticeDays = "overdue_notice_days", suspendAfterDays = "suspend_after_days",
             suspensionWarningDays = "suspension_warning_days", terminateAfterDays = "terminate_after_days",
             terminationWarningDays = "termination_warning_days"
    }

    /// The field names the settings take (as JSON names them).
    public static let fields = ["enabled", "reminder_days", "overdue_notice_days", "suspend_after_days", "suspension_warning_days",
                                "terminate_after_days", "termination_warning_days"]

    /// The settings as an admin sees them (anyone else: forbidden).
    public static func current(for caller: Caller) throws -> DunningSettings {
        _ = try caller.admin()
        return try load(on: caller.connection)
    }

    /// The settings row.
    public static func load(on connection: PostgresConnection) throws -> DunningSettings {
        let row = try connection.query(
            """
            SELECT enabled, array_to_string(reminder_days, ',') AS reminder_days, array_to_string(overdue_notice_days, ',') AS overdue_notice_days,
                   suspend_after_days, suspension_warning_days, terminate_after_days, termination_warning_days FROM dunning_settings
            """)[0]
        var s = DunningSettings()
        s.enabled = try row.decode(Bool.self, "enabled")
        s.reminderDays = try row.decode(String.self, "reminder_days").split(separator: ",").compactMap { Int($0) }
        s.overdueNoticeDays = try row.decode(String.self, "overdue_notice_days").split(separator: ",").compactMap { Int($0) }
        s.suspendAfterDays = try row.decode(Int.self, "suspend_after_days")
        s.suspensionWarningDays = try row.decode(Int.self, "suspension_warning_days")
        s.terminateAfterDays = try row.decode(Int.self, "terminate_after_days")
        s.terminationWarningDays = try row.decode(Int.self, "termination_warning_days")
        return s
    }

    /// Saves the settings in the caller's transaction.
    func save(on connection: PostgresConnection) throws {
        try connection.query(
            """
            UPDATE dunning_settings SET enabled = \(enabled),
                   reminder_days = string_to_array(\(reminderDays.map(String.init).joined(separator: ",")), ',')::integer[],
                   overdue_notice_days = string_to_array(\(overdueNoticeDays.map(String.init).joined(separator: ",")), ',')::integer[],
                   suspend_after_days = \(suspendAfterDays), suspension_warning_days = \(suspensionWarningDays),
                   terminate_after_days = \(terminateAfterDays), termination_warning_days = \(terminationWarningDays)
            """)
    }
}
