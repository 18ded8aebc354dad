@testable import Domain
import Testing

@Suite("Proration by days")
struct ProrationTests {
    private func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    private func prorate(_ old: String, _ new: String, today: String, _ start: String, _ end: String) -> Proration {
        Proration(oldAmount: Money(old)!, newAmount: Money(new)!, today: day(today), periodStart: day(start), periodEnd: day(end))
    }

    @Test("a 31-day and a 28-day month: the days left over the days of the period")
    func months() {
        let january = prorate("10.00", "41.00", today: "2023-01-11", "2023-01-01", "2023-02-01")
        #expect(january.periodDays == 31 && january.remainingDays == 21 && january.difference == Money("21.00"))
        let february = prorate("10.00", "20.00", today: "2023-02-15", "2023-02-01", "2023-03-01")
        #expect(february.periodDays == 28 && february.remainingDays == 14 && february.difference == Money("5.00"))
        let leap = prorate("9.99", "14.95", today: "2024-02-10", "2024-01-31", "2024-02-29")
        #expect(leap.periodDays == 29 && leap.remainingDays == 19 && leap.difference == Money("3.25"))  // 4.96 × 19/29 = 3.2497
    }

    @Test("on the period's end nothing is left; the first day counts whole")
    func edges() {
        let end = prorate("10.00", "50.00", today: "2023-03-01", "2023-02-01", "2023-03-01")
        #expect(end.remainingDays == 0 && end.difference == .zero)
        let first = prorate("10.00", "50.00", today: "2023-02-01", "2023-02-01", "2023-03-01")
        #expect(first.remainingDays == 28 && first.difference == Money("40.00"))
        let last = prorate("10.00", "38.00", today: "2023-02-28", "2023-02-01", "2023-03-01")
        #expect(last.remainingDays == 1 && last.difference == Money("1.00"))
    }

    @Test("quarterly and yearly periods, upgrades and downgrades")
    func longerCycles() {
        let quarter = prorate("41.85", "27.99", today: "2024-02-10", "2024-01-31", "2024-04-30")
        #expect(quarter.periodDays == 90 && quarter.remainingDays == 80 && quarter.difference == Money("-12.32"))  // −13.86 × 80/90 = −12.32
        let leapYear = prorate("100.00", "466.00", today: "2024-12-31", "2024-01-01", "2025-01-01")
        #expect(leapYear.periodDays == 366 && leapYear.remainingDays == 1 && leapYear.difference == Money("1.00"))
        let year = prorate("0.00", "365.00", today: "2025-07-02", "2025-01-01", "2026-01-01")
        #expect(year.periodDays == 365 && year.remainingDays == 183 && year.difference == Money("183.00"))
    }

    @Test("rounding is half away from zero, to the cent")
    func rounding() {
        #expect(Proration.share(of: Money("0.05")!, days: 1, of: 2) == Money("0.03"))
        #expect(Proration.share(of: Money("-0.05")!, days: 1, of: 2) == Money("-0.03"))
        #expect(Proration.share(of: Money("10.00")!, days: 1, of: 3) == Money("3.33"))
        #expect(Proration.share(of: Money("10.00")!, days: 2, of: 3) == Money("6.67"))
    }

    @Test("the current period keeps the anchor day (31 Jan → 29 Feb → 31 Mar)")
    func currentPeriod() {
        let anchor = day("2024-01-31")
        #expect(Proration.currentPeriod(anchor: anchor, cycle: .monthly, today: day("2024-02-29")) == (day("2024-02-29"), day("2024-03-31")))
        #expect(Proration.currentPeriod(anchor: anchor, cycle: .monthly, today: day("2024-02-28")) == (day("2024-01-31"), day("2024-02-29")))
        #expect(Proration.currentPeriod(anchor: anchor, cycle: .quarterly, today: day("2024-07-30")) == (day("2024-04-30"), day("2024-07-31")))
        #expect(Proration.currentPeriod(anchor: anchor, cycle: .yearly, today: day("2026-03-01")) == (day("2026-01-31"), day("2027-01-31")))
        #expect(day("2024-03-01").days(until: day("2024-02-28")) == -2 && day("1970-01-01").ordinal == 0)
    }
}
