import Testing
@testable import Domain

@Suite struct ReportQueryTests {
    let today = CalendarDay(year: 2026, month: 12, day: 1)

    @Test func defaultsToTwelveMonthsEndingThisMonth() throws {
        let query = try ReportQuery.parse([:], today: today)
        #expect(query.from == CalendarDay(year: 2026, month: 1, day: 1))
        #expect(query.to == CalendarDay(year: 2026, month: 12, day: 31))
        #expect(query.group == .month)
        #expect(query.buckets.count == 12)
    }

    @Test func weeksStartOnMonday() throws {
        let query = try ReportQuery.parse(["from": "2026-11-25", "to": "2026-12-08", "group": "week"], today: today)
        // 2026-11-25 is a Wednesday; its week starts on Monday 2026-11-23.
        #expect(query.buckets.map(\.description) == ["2026-11-23", "2026-11-30", "2026-12-07"])
        #expect(CalendarDay(year: 2026, month: 11, day: 23).weekday == 1)
        #expect(CalendarDay(year: 1970, month: 1, day: 1).weekday == 4)
    }

    @Test func ordinalRoundTripsAcrossLeapYearsAndCenturies() {
        for ordinal in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDay(ordinal: ordinal).ordinal == ordinal)
        }
        #expect(CalendarDay(year: 2024, month: 2, day: 28).adding(days: 1) == CalendarDay(year: 2024, month: 2, day: 29))
        #expect(CalendarDay(year: 2100, month: 2, day: 28).adding(days: 1) == CalendarDay(year: 2100, month: 3, day: 1))
    }

    @Test func badFieldsAreNamed() {
        #expect(throws: DomainError.validation([FieldIssue(field: "from", message: "must be a date like 2026-01-31"),
                                                FieldIssue(field: "group", message: "must be one of day, week, month")])) {
            try ReportQuery.parse(["from": "2026-02-30", "group": "year"], today: today)
        }
        #expect(throws: DomainError.invalid("to", "must not be before from")) {
            try ReportQuery.parse(["from": "2026-03-01", "to": "2026-02-01"], today: today)
        }
        #expect(throws: DomainError.self) { try ReportQuery.parse(["from": "2020-01-01", "to": "2026-01-01", "group": "day"], today: today) }
        #expect(throws: DomainError.self) { try ReportQuery.parse(["currency": "eur"], today: today) }
    }
}
