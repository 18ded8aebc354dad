@testable import Domain
import Foundation
import Testing

/// The hand-written text paths of the hot code agree with the slow, obvious ones they replaced.
@Suite("Hand-written text formats")
struct FastTextTests {
    @Test("timestamps are Foundation's ISO 8601 text, to the second and to the minute, before and after 1970")
    func timestamps() {
        let minutes = DateFormatter()
        minutes.locale = Locale(identifier: "en_US_POSIX")
        minutes.timeZone = TimeZone(identifier: "UTC")
        minutes.dateFormat = "yyyy-MM-dd HH:mm"
        var generator = SystemRandomNumberGenerator()
        let samples = [0, -1, 86_399, 86_400, 951_782_400, 4_107_542_399, -2_208_988_800]
            + (0..<2000).map { _ in Int.random(in: -2_208_988_800...7_258_118_400, using: &generator) }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds) + 0.75)
            #expect(UTCTimestamp.rfc3339(date) == date.formatted(.iso8601), "\(seconds)")
            #expect(UTCTimestamp.minutes(date) == minutes.string(from: date), "\(seconds)")
        }
    }

    @Test("amounts read from text and from a cell's bytes like the rules say")
    func amounts() throws {
        let cases: [(String, Int64?)] = [
            ("29.99", 2999), ("30", 3000), ("0.5", 50), ("-1.25", -125), (" 7.10 ", 710), ("1.", nil), (".5", nil), ("1.234", nil),
            ("--1", nil), ("+1", nil), ("1e3", nil), ("", nil), ("9999999999999.99", 999_999_999_999_999), ("99999999999999", nil),
            ("12a", nil), ("\u{00A0}3", 300),
        ]
        for (text, cents) in cases {
            #expect(Money(text)?.cents == cents, "\(text)")
            if cents != nil, !text.contains(" "), !text.unicodeScalars.contains(where: { !$0.isASCII }) {
                var bytes = text
                #expect(try bytes.withUTF8 { try Money.decode(postgresBytes: UnsafeRawBufferPointer($0), column: "c") }.cents == cents)
            }
        }
        #expect(throws: (any Error).self) { try Money.decode(postgresBytes: nil, column: "c") }
        #expect(TaxPercent("19.5") != nil && TaxPercent("19.5555") == nil)
    }

    @Test("days read from a date cell's bytes like the text parser; impossible days are refused")
    func days() throws {
        func cell(_ text: String) throws -> CalendarDay {
            var text = text
            return try text.withUTF8 { try CalendarDay.decode(postgresBytes: UnsafeRawBufferPointer($0), column: "d") }
        }
        for text in ["2024-02-29", "1999-12-31", "2026-01-01", "0001-01-01"] {
            #expect(try cell(text) == CalendarDay(text), "\(text)")
            #expect(try cell(text).description == text)
        }
        for text in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "20240101", ""] {
            #expect(throws: (any Error).self) { try cell(text) }
        }
    }
}
