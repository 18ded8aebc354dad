extension CalendarDay {
    /// Days since 1970-01-01 (proleptic Gregorian; exact integer arithmetic, no time zone).
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: CalendarDay) -> Int {
        other.ordinal - ordinal
    }
}

extension CalendarDay {
    /// The day `ordinal` days after 1970-01-01 (the inverse of `ordinal`).
    public init(ordinal: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: dayOfYear - (153 * mp + 2) / 5 + 1)
    }

    /// `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDay { CalendarDay(ordinal: ordinal + days) }

    /// The ISO 8601 weekday: 1 is Monday, 7 is Sunday.
    public var weekday: Int { ((ordinal % 7 + 7) % 7 + 3) % 7 + 1 }
}
