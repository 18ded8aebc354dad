import Foundation
import Postgres

/// An admin changes the dunning settings (2FA step-up, audited). Input is text by field name, as
/// `GET /api/v1/settings/dunning` names them (day lists as "7, 3"); absent fields stay as they are.
public struct DunningSettingsChange: Sendable {
    public let twoFactor: TwoFactor

    public init(twoFactor: TwoFactor) {
        self.twoFactor = twoFactor
    }

    /// Checks `input`, then saves it under `code`; returns the settings as saved.
    public func update(_ input: [String: String], by caller: Caller, code: String?) throws -> DunningSettings {
        let admin = try caller.admin()
        let before = try DunningSettings.load(on: caller.connection)
        let after = try Self.applying(input, to: before)
        return try StepUp.run(on: caller.connection, actor: admin, code: code, twoFactor: twoFactor, origin: caller.origin,
                              action: "dunning_settings.updated") { connection in
            try after.save(on: connection)
            try AuditLog.record(on: connection, actor: Actor(admin), action: "dunning_settings.updated", targetType: "dunning_settings",
                                targetID: "1", before: before, after: after, origin: caller.origin)
            return try DunningSettings.load(on: connection)
        }
    }

    /// `settings` with the given fields changed, or every bad field as a validation error.
    static func applying(_ input: [String: String], to settings: DunningSettings) throws -> DunningSettings {
        var s = settings
        var check = FieldChecker(input.mapValues { Optional($0) })
        s.enabled = check.boolean("enabled", default: s.enabled) ?? s.enabled
        let lists: [(String, WritableKeyPath<DunningSettings, [Int]>)] = [("reminder_days", \.reminderDays), ("overdue_notice_days", \.overdueNoticeDays)]
        for (field, keyPath) in lists {
            guard let text = input[field] else { continue }
            let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let days = parts.compactMap { Int($0) }.filter { (1...365).contains($0) }
            if days.count == parts.count && days.count <= 10 {
                // Reminders from the furthest ahead, notices from the earliest: the order they go out in.
                let sorted = Array(Set(days)).sorted()
                s[keyPath: keyPath] = field == "reminder_days" ? sorted.reversed() : sorted
            } else {
                check.fail(field, "must be up to 10 whole numbers of days from 1 to 365, separated by commas")
            }
        }
        s.suspendAfterDays = check.integer("suspend_after_days", range: 0...365, default: s.suspendAfterDays) ?? s.suspendAfterDays
        s.suspensionWarningDays = check.integer("suspension_warning_days", range: 0...60, default: s.suspensionWarningDays) ?? s.suspensionWarningDays
        s.terminateAfterDays = check.integer("terminate_after_days", range: 0...3650, default: s.terminateAfterDays) ?? s.terminateAfterDays
        s.terminationWarningDays = check.integer("termination_warning_days", range: 1...365, default: s.terminationWarningDays)
            ?? s.terminationWarningDays
        if check.issues.isEmpty, s.terminateAfterDays > 0, s.terminationWarningDays > s.terminateAfterDays {
            check.fail("termination_warning_days", "must be at most terminate_after_days (the warning goes out while suspended)")
        }
        guard check.issues.isEmpty else { throw DomainError.validation(check.issues) }
        return s
    }
}
