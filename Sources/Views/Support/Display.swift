import Foundation

/// Formatting for people: dates in UTC, stable and unambiguous.
public enum Display {
    /// `2026-11-21 14:05 UTC`, or an em dash for nil. Built by hand: it runs for every row
    /// of every list, and `String(format:)` is slow on Linux.
    public static func dateTime(_ date: Date?) -> String {
        guard let date else { return "—" }
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = String(Int(parts.tm_year) + 1900)
        text.reserveCapacity(20)
        for (separator, value) in [("-", Int(parts.tm_mon) + 1), ("-", Int(parts.tm_mday)), (" ", Int(parts.tm_hour)), (":", Int(parts.tm_min))] {
            text += separator
            if value < 10 { text += "0" }
            text += String(value)
        }
        return text + " UTC"
    }
}
