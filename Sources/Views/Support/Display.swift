import Domain
import Foundation

/// Formatting for people: dates in UTC, stable and unambiguous.
public enum Display {
    /// `2026-11-21 14:05 UTC`, or an em dash for nil.
    public static func dateTime(_ date: Date?) -> String {
        guard let date else { return "—" }
        return UTCTimestamp.minutes(date) + " UTC"
    }
}
