/// The prorated difference of a product change for the rest of a billing period.
///
/// The period is the service's current one by anchor arithmetic: `start ≤ today < end`. The days
/// left are `end − today` (today counts as a day of the new product; on `end` itself nothing is
/// left), the period's days `end − start` (28…31 for a month, 89…92 for a quarter, 365/366 for a
/// year). The difference is `(new − old) × left ÷ days`, rounded to the cent half away from zero,
/// in exact integer arithmetic.
public struct Proration: Sendable, Equatable {
    public var periodStart: CalendarDay
    public var periodEnd: CalendarDay
    public var remainingDays: Int
    public var periodDays: Int
    public var difference: Money

    /// The difference of moving from `oldAmount` to `newAmount` per period on `today`, within `start..<end`.
    public init(oldAmount: Money, newAmount: Money, today: CalendarDay, periodStart start: CalendarDay, periodEnd end: CalendarDay) {
        periodStart = start
        periodEnd = end
        periodDays = max(1, start.days(until: end))
        remainingDays = min(periodDays, max(0, today.days(until: end)))
        difference = Self.share(of: Money(cents: newAmount.cents - oldAmount.cents), days: remainingDays, of: periodDays)
    }

    /// `amount × days ÷ total`, rounded to the cent half away from zero.
    static func share(of amount: Money, days: Int, of total: Int) -> Money {
        let numerator = amount.cents.magnitude * UInt64(days)
        let rounded = (2 * numerator + UInt64(total)) / (2 * UInt64(total))
        return Money(cents: amount.cents < 0 ? -Int64(rounded) : Int64(rounded))
    }

    /// The anchor period of a `cycle` service that contains `today` (`start ≤ today < end`).
    public static func currentPeriod(anchor: CalendarDay, cycle: BillingCycle, today: CalendarDay) -> (start: CalendarDay, end: CalendarDay) {
        // Jump close by months, then step: never more than a couple of iterations.
        var k = max(0, ((today.year - anchor.year) * 12 + today.month - anchor.month) / cycle.months - 1)
        while anchor.adding(months: (k + 1) * cycle.months, anchorDay: anchor.day) <= today { k += 1 }
        return (anchor.adding(months: k * cycle.months, anchorDay: anchor.day), anchor.adding(months: (k + 1) * cycle.months, anchorDay: anchor.day))
    }
}
