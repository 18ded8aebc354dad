import Foundation

/// Formatting for people: dates in UTC, stable and unambiguous.
public enum Display {
    /// `2026-11-21 14:05 UTC`, or an em dash for nil.
    public static func dateTime(_ date: Date?) -> String {
        guard let date else { return "—" }
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d UTC", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min))
    }
}
