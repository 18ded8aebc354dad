import Domain
import Foundation

/// Formatting for people: dates in UTC, stable and unambiguous.
public enum Display {
    /// A snake_case code as words: `pending_provisioning` → `pending provisioning`.
    public static func words(_ code: String) -> String {
        String(decoding: code.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// `2026-11-21 14:05 UTC`, or an em dash for nil.
    public static func dateTime(_ date: Date?) -> String {
        guard let date else { return "—" }
        return UTCTimestamp.minutes(date) + " UTC"
    }
}
