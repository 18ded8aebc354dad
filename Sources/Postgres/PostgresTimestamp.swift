import Foundation

/// Reads and writes `timestamptz` text. Sessions run with `TimeZone=UTC` and ISO
/// DateStyle, so the server sends `2026-11-21 01:02:03.456789+00`.
@usableFromInline
enum PostgresTimestamp {
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let micros = Int(((seconds - whole) * 1_000_000).rounded())
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), min(micros, 999_999)
        )
    }

    static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    @usableFromInline
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Date? {
        // yyyy-mm-dd hh:mm:ss[.ffffff]+00[:mm]
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? { ASCIIDecimal.digits(bytes, range) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard index + 3 <= bytes.count, let hours = number(index + 1..<index + 3) else { return nil }
            var minutes = 0
            if index + 6 <= bytes.count, bytes[index + 3] == UInt8(ascii: ":") {
                minutes = number(index + 4..<index + 6) ?? 0
            }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let epoch = CivilCalendar.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(epoch - offsetSeconds) + fraction)
    }
}
