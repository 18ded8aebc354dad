import Postgres

/// Sums of the reports' facts per metric, day and one dimension: the rolled-up days plus the facts
/// not rolled up yet, in one statement (one snapshot, so a rollup running meanwhile counts nothing twice).
struct ReportSums {
    /// What the sums are broken down by (whitelisted column expressions).
    enum Dimension: String {
        case none = "''", reason, product = "product_id::text", location, cycle, productReason = "product_id::text || '/' || reason"
    }

    struct Row {
        let metric: String
        let day: CalendarDay
        let key: String
        let amount: Money
        let n: Int
    }

    static let beginning = CalendarDay(year: 1900, month: 1, day: 1)
    /// After every day a fact can have (counts now: servers, orders by status).
    static let end = CalendarDay(year: 9999, month: 12, day: 31)

    /// The sums of `metrics` in `currency` ('' for counts of servers) for days `from`…`to`, per day and `dimension`.
    static func rows(_ metrics: [String], currency: String, from: CalendarDay = beginning, to: CalendarDay, by dimension: Dimension = .none,
                     perDay: Bool = true, on connection: PostgresConnection) throws -> [Row] {
        let day = perDay ? "day" : "max(day)"
        let group = perDay ? "metric, day, key" : "metric, key"
        let filter = "metric = ANY($1::text[]) AND currency = $2 AND day BETWEEN $3 AND $4"
        return try connection.query(
            """
            SELECT metric, \(day) AS day, key, sum(amount) AS amount, sum(n)::bigint AS n FROM (
              SELECT metric, day, \(dimension.rawValue) AS key, amount, n FROM report_daily WHERE \(filter)
              UNION ALL
              SELECT metric, day, \(dimension.rawValue) AS key, amount, n FROM report_facts WHERE \(filter)) x
            GROUP BY \(group) ORDER BY 1, 2, 3
            """, [metrics, currency, from, to]).map { row in
            Row(metric: try row.decode(String.self, "metric"), day: try row.decode(CalendarDay.self, "day"), key: try row.decode(String.self, "key"),
                amount: try row.decode(Money.self, "amount"), n: try row.decode(Int.self, "n"))
        }
    }

    /// Per metric (and key), the total of the days `from`…`to` (by default every day up to `to`).
    static func totals(_ metrics: [String], currency: String, from: CalendarDay = beginning, through to: CalendarDay,
                       by dimension: Dimension = .none, on connection: PostgresConnection) throws -> [String: (amount: Money, n: Int)] {
        var result: [String: (amount: Money, n: Int)] = [:]
        for row in try rows(metrics, currency: currency, from: from, to: to, by: dimension, perDay: false, on: connection) {
            let name = dimension == .none ? row.metric : row.metric + ":" + row.key
            result[name] = (row.amount, row.n)
        }
        return result
    }
}

/// Per bucket of a query, the sum of something.
struct BucketSums {
    private(set) var amounts: [CalendarDay: Money] = [:]
    private(set) var counts: [CalendarDay: Int] = [:]

    mutating func add(_ row: ReportSums.Row, in query: ReportQuery) {
        let bucket = query.bucket(of: row.day)
        amounts[bucket] = (amounts[bucket] ?? .zero) + row.amount
        counts[bucket, default: 0] += row.n
    }

    func amount(_ bucket: CalendarDay) -> Money { amounts[bucket] ?? .zero }
    func count(_ bucket: CalendarDay) -> Int { counts[bucket] ?? 0 }
}

extension Money {
    static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
    static prefix func - (value: Money) -> Money { Money(cents: -value.cents) }
}
