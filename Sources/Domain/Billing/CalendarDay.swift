import Foundation
import Postgres

/// A date without a time (a due date, a period's start): `2024-02-29`. Due dates are days
/// in the company's time zone (`BillingSettings.timeZone`).
public struct CalendarDay: Sendable, Hashable, Comparable, TextCodedValue {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...CalendarDay.days(inMonth: month, year: year)).contains(day) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Reads a `date` cell's bytes (`2026-12-02`) directly; anything else goes through `init?(_:)`.
    public static func decode(postgresBytes bytes: UnsafeRawBufferPointer?, column: String) throws -> CalendarDay {
        if let bytes, bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") {
            func number(_ range: Range<Int>) -> Int? { ASCIIDecimal.digits(bytes, range) }
            if let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), (1...12).contains(month),
               (1...CalendarDay.days(inMonth: month, year: year)).contains(day) {
                return CalendarDay(year: year, month: month, day: day)
            }
        }
        return try decodeAsText(bytes, column: column)
    }

    /// The day `moment` falls on in `zone`.
    public init(_ moment: Date, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: moment)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// Days in a month of the Gregorian calendar.
    public static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `months` later, on the anchor day or the month's last day when it is shorter
    /// (anchor 31: 31 Jan → 29 Feb → 31 Mar). The anchor day is kept, never drifts.
    public func adding(months: Int, anchorDay: Int) -> CalendarDay {
        let index = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (index / 12, index % 12 + 1)
        return CalendarDay(year: newYear, month: newMonth, day: min(anchorDay, CalendarDay.days(inMonth: newMonth, year: newYear)))
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static let textKind = "a date"
}
