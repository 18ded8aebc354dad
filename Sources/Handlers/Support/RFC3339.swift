import Foundation

/// RFC 3339 UTC timestamps (`2026-11-21T01:33:43Z`), the same text as `JSONEncoder`'s
/// `.iso8601` strategy, built by hand: every date of every JSON response goes through it.
enum RFC3339 {
    static func format(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = String(Int(parts.tm_year) + 1900)
        text.reserveCapacity(20)
        for (separator, value) in [("-", Int(parts.tm_mon) + 1), ("-", Int(parts.tm_mday)), ("T", Int(parts.tm_hour)),
                                   (":", Int(parts.tm_min)), (":", Int(parts.tm_sec))] {
            text += separator
            if value < 10 { text += "0" }
            text += String(value)
        }
        return text + "Z"
    }
}
