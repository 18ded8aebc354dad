import Domain

/// `/admin/settings/dunning`: when reminders, overdue notices, warnings, suspension and
/// termination happen; a change needs a current two-factor code.
public struct DunningSettingsPage: PageModel {
    public let template = "admin/dunning/settings"
    public let title = "Dunning settings"

    /// One field: a text input or (`enabled`) a checkbox.
    struct Field: Sendable {
        var name: String
        var id: String
        var label: String
        var value: String
        var isCheck: Bool
        var checked: Bool
        var error: String?
    }

    var fields: [Field]
    var alert: String?
    var notice: String?
    var csrfToken: String

    /// The form for `settings`; after a refused change `typed` holds what was sent and `errors` why.
    public init(settings s: DunningSettings, typed: [String: String] = [:], errors: [FieldIssue] = [], alert: String? = nil,
                notice: String? = nil, csrfToken: String) {
        let stored = [
            "enabled": String(s.enabled), "reminder_days": s.reminderDays.map(String.init).joined(separator: ", "),
            "overdue_notice_days": s.overdueNoticeDays.map(String.init).joined(separator: ", "), "suspend_after_days": String(s.suspendAfterDays),
            "suspension_warning_days": String(s.suspensionWarningDays), "terminate_after_days": String(s.terminateAfterDays),
            "termination_warning_days": String(s.terminationWarningDays),
        ]
        let labels = [
            "enabled": "Run dunning with the billing tick", "reminder_days": "Reminders, days before the due date (e.g. 7, 3)",
            "overdue_notice_days": "Overdue notices, days after the due date (e.g. 1, 7, 14)",
            "suspend_after_days": "Suspend after this many days overdue (0 = never)",
            "suspension_warning_days": "Warn this many days before suspending", "terminate_after_days": "Terminate after this many days suspended (0 = never)",
            "termination_warning_days": "Final warning at least this many days before terminating",
        ]
        let messages = FormErrors(errors)
        fields = DunningSettings.fields.map { name in
            let value = typed[name] ?? stored[name] ?? ""
            return Field(name: name, id: "dunning-" + name.replacingOccurrences(of: "_", with: "-"), label: labels[name] ?? name, value: value,
                         isCheck: name == "enabled", checked: value == "true", error: messages[name])
        }
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
