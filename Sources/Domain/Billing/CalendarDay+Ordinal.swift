import Postgres

extension CalendarDay {
    /// Days since 1970-01-01 (proleptic Gregorian; exact integer arithmetic, no time zone).
    public var ordinal: Int { CivilCalendar.days(year: year, month: month, day: day) }

    /// Days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: CalendarDay) -> Int {
        other.ordinal - ordinal
    }
}

extension CalendarDay {
    /// The day `ordinal` days after 1970-01-01 (the inverse of `ordinal`).
    public init(ordinal: Int) {
        let (year, month, day) = CivilCalendar.date(days: ordinal)
        self.init(year: year, month: month, day: day)
    }

    /// `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDay { CalendarDay(ordinal: ordinal + days) }

    /// The ISO 8601 weekday: 1 is Monday, 7 is Sunday.
    public var weekday: Int { ((ordinal % 7 + 7) % 7 + 3) % 7 + 1 }
}
