import Foundation
import Postgres

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
        let epoch = Int(date.timeIntervalSince1970.rounded(.down))
        let days = epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
        let (year, month, day) = CivilCalendar.date(days: days)
        let second = epoch - days * 86_400
        let separator = dateAndTime.utf8.first ?? UInt8(ascii: "T")
        let length = seconds ? 19 : 16
        guard (0...9999).contains(year) else {
            func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
            return "\(year)-\(pad(month))-\(pad(day))\(dateAndTime)\(pad(second / 3600)):\(pad(second / 60 % 60))"
                + (seconds ? ":\(pad(second % 60))" : "")
        }
        return String(unsafeUninitializedCapacity: length) { out in
            func two(_ value: Int, at index: Int) {
                out[index] = UInt8(ascii: "0") + UInt8(value / 10)
                out[index + 1] = UInt8(ascii: "0") + UInt8(value % 10)
            }
            two(year / 100, at: 0); two(year % 100, at: 2)
            out[4] = UInt8(ascii: "-"); two(month, at: 5)
            out[7] = UInt8(ascii: "-"); two(day, at: 8)
            out[10] = separator; two(second / 3600, at: 11)
            out[13] = UInt8(ascii: ":"); two(second / 60 % 60, at: 14)
            if seconds { out[16] = UInt8(ascii: ":"); two(second % 60, at: 17) }
            return length
        }
    }
}
