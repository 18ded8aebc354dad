import Foundation

/// What a report is asked for: a range of days (both ends included) and how the rows are
/// grouped. Read from query parameters `from`, `to` (`YYYY-MM-DD`) and `group`
/// (`day`, `week`, `month`); a bad field is a field issue, never a guess.
public struct ReportQuery: Sendable, Hashable, Encodable {
    /// How days are grouped into rows: a week starts on Monday (ISO 8601), a month on the 1st.
    public enum Grouping: String, Sendable, CaseIterable, Encodable {
        case day, week, month
    }

    public let from: CalendarDay
    public let to: CalendarDay
    public let group: Grouping
    /// The currency of the money figures; nil means the company's own (billing settings).
    public let currency: String?

    /// At most this many rows in one report, so a page stays small (about three years of weeks).
    public static let maximumRows = 400

    public init(from: CalendarDay, to: CalendarDay, group: Grouping, currency: String? = nil) {
        self.from = from
        self.to = to
        self.group = group
        self.currency = currency
    }

    /// The query in `parameters`; missing fields default to the twelve months ending with the
    /// month of `today`, grouped by month.
    public static func parse(_ parameters: [String: String], today: CalendarDay) throws -> ReportQuery {
        var issues: [FieldIssue] = []
        func day(_ field: String) -> CalendarDay? {
            guard let text = parameters[field], !text.isEmpty else { return nil }
            guard let day = CalendarDay(text) else {
                issues.append(FieldIssue(field: field, message: "must be a date like 2026-01-31"))
                return nil
            }
            return day
        }
        let monthStart = CalendarDay(year: today.year, month: today.month, day: 1)
        let defaultTo = monthStart.adding(months: 1, anchorDay: 1).adding(days: -1)
        let to = day("to") ?? defaultTo
        let from = day("from") ?? CalendarDay(year: to.year, month: to.month, day: 1).adding(months: -11, anchorDay: 1)
        var group = Grouping.month
        if let text = parameters["group"], !text.isEmpty {
            if let parsed = Grouping(rawValue: text) { group = parsed } else {
                issues.append(FieldIssue(field: "group", message: "must be one of day, week, month"))
            }
        }
        var currency: String?
        if let text = parameters["currency"], !text.isEmpty {
            if text.count == 3, text.allSatisfy({ $0.isASCII && $0.isUppercase }) { currency = text } else {
                issues.append(FieldIssue(field: "currency", message: "must be a three-letter code like EUR"))
            }
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        if to < from { throw DomainError.invalid("to", "must not be before from") }
        let query = ReportQuery(from: from, to: to, group: group, currency: currency)
        if query.buckets.count > maximumRows {
            throw DomainError.invalid("from", "gives more than \(maximumRows) rows grouped by \(group.rawValue); choose a shorter range or a larger grouping")
        }
        return query
    }

    /// The first day of the group `day` falls in.
    public func bucket(of day: CalendarDay) -> CalendarDay {
        switch group {
        case .day: return day
        case .week: return day.adding(days: 1 - day.weekday)
        case .month: return CalendarDay(year: day.year, month: day.month, day: 1)
        }
    }

    /// The first day of every group the range touches, in order (the first may be before `from`).
    public var buckets: [CalendarDay] {
        var result: [CalendarDay] = []
        var start = bucket(of: from)
        while start <= to && result.count <= Self.maximumRows {
            result.append(start)
            switch group {
            case .day: start = start.adding(days: 1)
            case .week: start = start.adding(days: 7)
            case .month: start = start.adding(months: 1, anchorDay: 1)
            }
        }
        return result
    }

    /// The query as URL query parameters (for links and the CSV download).
    public var parameters: String { "from=\(from)&to=\(to)&group=\(group.rawValue)" + (currency.map { "&currency=\($0)" } ?? "") }
}
