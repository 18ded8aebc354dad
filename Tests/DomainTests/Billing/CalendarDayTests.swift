@testable import Domain
import Foundation
import Testing

@Suite("Calendar days and the anchor day")
struct CalendarDayTests {
    @Test("months from the anchor keep its day: 31 Jan → 29 Feb → 31 Mar; 29 Feb yearly → 28 Feb → 29 Feb in the next leap year")
    func anchorDay() {
        let january = CalendarDay("2024-01-31")!
        #expect((0...3).map { january.adding(months: $0, anchorDay: 31).description } == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"])
        let leap = CalendarDay("2024-02-29")!
        #expect([12, 24, 36, 48].map { leap.adding(months: $0, anchorDay: 29).description } == ["2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"])
        #expect(CalendarDay("2024-12-31")!.adding(months: 2, anchorDay: 31).description == "2025-02-28")
        #expect(CalendarDay("2025-11-30")!.adding(months: 3, anchorDay: 30).description == "2026-02-28")
    }

    @Test("a due date is the day in the company's zone", arguments: [
        (1_738_326_600, "UTC", "2025-01-31"), (1_738_326_600, "Pacific/Auckland", "2025-02-01"),   // 2025-01-31T12:30:00Z (Auckland UTC+13)
        (1_738_294_200, "UTC", "2025-01-31"), (1_738_294_200, "America/New_York", "2025-01-30"),   // 2025-01-31T03:30:00Z (New York UTC−5)
    ])
    func zones(_ seconds: Int, _ zone: String, _ expected: String) {
        let moment = Date(timeIntervalSince1970: TimeInterval(seconds))
        #expect(CalendarDay(moment, in: TimeZone(identifier: zone)!).description == expected)
    }

    @Test("only real dates parse")
    func parsing() {
        #expect(CalendarDay("2023-02-29") == nil && CalendarDay("2024-13-01") == nil && CalendarDay("24-01-01") == nil)
        #expect(CalendarDay("2024-02-29") != nil)
    }
}
