import Foundation

/// UTC timestamps built by hand for hot paths: every row of every list and every date of every
/// JSON response goes through here, and `String(format:)` and Foundation's formatters are slow on Linux.
public enum UTCTimestamp {
    /// `2026-11-21T01:33:43Z` — RFC 3339, the same text as `JSONEncoder`'s `.iso8601`.
    public static func rfc3339(_ date: Date) -> String {
        format(date, between: "T", seconds: true) + "Z"
    }

    /// `2026-11-21 01:33` — to the minute, for people.
    public static func minutes(_ date: Date) -> String {
        format(date, between: " ", seconds: false)
    }

    private static func format(_ date: Date, between dateAndTime: String, seconds: Bool) -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = String(Int(parts.tm_year) + 1900)
        text.reserveCapacity(20)
        var fields = [("-", Int(parts.tm_mon) + 1), ("-", Int(parts.tm_mday)), (dateAndTime, Int(parts.tm_hour)), (":", Int(parts.tm_min))]
        if seconds { fields.append((":", Int(parts.tm_sec))) }
        for (separator, value) in fields {
            text += separator
            if value < 10 { text += "0" }
            text += String(value)
        }
        return text
    }
}
