/// One cell of a report table. Money is exact (cents); a percentage is kept in hundredths of a
/// percent (`1234` is 12.34 %), so no figure is ever a floating-point number.
public enum ReportCell: Sendable, Hashable, Encodable {
    case text(String)
    case day(CalendarDay)
    case count(Int)
    case money(Money)
    case percent(Int)
    case empty

    /// The cell as plain text: `12.34` for money and percentages, `2026-01-31` for a day.
    public var text: String {
        switch self {
        case .text(let text): return text
        case .day(let day): return day.description
        case .count(let count): return String(count)
        case .money(let money): return money.description
        case .percent(let hundredths): return Money(cents: Int64(hundredths)).description
        case .empty: return ""
        }
    }

    /// The cell's value on a chart's axis (money in cents, percentages in hundredths).
    public var magnitude: Int64? {
        switch self {
        case .count(let count): return Int64(count)
        case .money(let money): return money.cents
        case .percent(let hundredths): return Int64(hundredths)
        default: return nil
        }
    }

    /// JSON: counts are numbers, money and percentages strings (`"12.34"`, exact), empty is null.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .count(let count): try container.encode(count)
        case .empty: try container.encodeNil()
        default: try container.encode(text)
        }
    }
}
