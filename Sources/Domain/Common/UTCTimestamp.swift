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
        let epoch = Int(date.timeIntervalSince1970.rounded(.down))
        let days = epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
        let (year, month, day) = civil(fromDays: days)
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

    /// Year, month and day of a count of days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
