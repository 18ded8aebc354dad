import Postgres

/// Receivables: what is unpaid now, aged on the query's last day by days past the due date
/// (current, 1–30, 31–60, 61–90, over 90), and the customers who owe the most.
enum ReceivablesReport {
    static let ages = [("current", "Current"), ("d1_30", "1–30 days"), ("d31_60", "31–60 days"), ("d61_90", "61–90 days"), ("over_90", "Over 90 days")]
    static let topCustomers = 20

    /// The index into `ages` of an invoice due on `due`, aged on `day`.
    static func age(due: CalendarDay, on day: CalendarDay) -> Int {
        let late = day.ordinal - due.ordinal
        switch late {
        case ...0: return 0
        case 1...30: return 1
        case 31...60: return 2
        case 61...90: return 3
        default: return 4
        }
    }

    /// Amounts and invoice counts per age bucket.
    static func aged(on day: CalendarDay, currency: String, connection: PostgresConnection) throws -> [(amount: Money, n: Int)] {
        var result = Array(repeating: (amount: Money.zero, n: 0), count: ages.count)
        for row in try ReportSums.rows(["due"], currency: currency, to: CalendarDay(year: 9999, month: 12, day: 31), on: connection) {
            let index = age(due: row.day, on: day)
            result[index].amount = result[index].amount + row.amount
            result[index].n += row.n
        }
        return result
    }

    static func build(_ query: ReportQuery, currency: String, on connection: PostgresConnection) throws -> Report {
        let aged = try aged(on: query.to, currency: currency, connection: connection)
        let total = aged.reduce(Money.zero) { $0 + $1.amount }
        let main = ReportTable(
            key: "by_age", title: "Unpaid invoices by age on \(query.to)",
            columns: [.init("age", "Days past due", .text), .init("invoices", "Invoices", .count), .init("amount", "Amount due", .money)],
            rows: zip(ages, aged).map { [.text($0.1), .count($1.n), .money($1.amount)] },
            totals: [.text("Total"), .count(aged.reduce(0) { $0 + $1.n }), .money(total)],
            charts: [.init("Amount due by age", .bar, label: "age", series: ["amount"])])
        let owing = try connection.query(
            """
            SELECT x.customer_id, u.name, u.email, sum(x.due) AS due, sum(x.n)::bigint AS n FROM (
              (SELECT customer_id, due, due_invoices AS n FROM report_customers WHERE currency = $1 AND due > 0 ORDER BY due DESC LIMIT $2 * 5)
              UNION ALL
              SELECT customer_id, amount, n FROM report_facts WHERE metric = 'due' AND currency = $1) x
            JOIN users u ON u.id = x.customer_id
            GROUP BY x.customer_id, u.name, u.email HAVING sum(x.due) > 0 ORDER BY due DESC, x.customer_id LIMIT $2
            """, [currency, topCustomers])
        let customers = ReportTable(
            key: "by_customer", title: "Customers who owe the most",
            columns: [.init("customer", "Customer", .text), .init("email", "Email", .text), .init("invoices", "Unpaid invoices", .count),
                      .init("amount", "Amount due", .money)],
            rows: try owing.map { row in
                [.text(try row.decode(String.self, "name")), .text(try row.decode(String.self, "email")), .count(try row.decode(Int.self, "n")),
                 .money(try row.decode(Money.self, "due"))]
            },
            charts: [.init("Amount due by customer", .bar, label: "customer", series: ["amount"])])
        return Report(kind: .receivables, query: query, currency: currency, tables: [main, customers], notes: [
            "What is unpaid now (after payments and credit notes), aged on \(query.to) by days past the due date."])
    }
}
