import Postgres

/// Profit and loss: revenue (invoiced net of tax) less refunds less cost. Cost accrues per day:
/// each running service costs its product's `monthly_cost` ÷ the days of that calendar month, summed
/// per product and bucket and rounded to the cent (half up). Margin per product leaves refunds out
/// (they are not per product).
enum ProfitReport {
    /// Cost per bucket and per product of the services running each day from `start` through `to`.
    static func costs(_ query: ReportQuery, start: CalendarDay, currency: String, on connection: PostgresConnection)
        throws -> (byBucket: [CalendarDay: Money], byProduct: [Int: Money]) {
        var monthlyCost: [Int: Int64] = [:]
        for row in try connection.query("SELECT id, monthly_cost FROM products WHERE monthly_cost > 0") {
            monthlyCost[try row.decode(Int.self, "id")] = try row.decode(Money.self, "monthly_cost").cents
        }
        var running: [Int: Int] = [:]
        for (key, value) in try ReportSums.totals(["services"], currency: currency, through: start.adding(days: -1), by: .product, on: connection) {
            running[Int(key.dropFirst("services:".count)) ?? 0] = value.n
        }
        var changes: [CalendarDay: [(Int, Int)]] = [:]
        for row in try ReportSums.rows(["services"], currency: currency, from: start, to: query.to, by: .product, on: connection) {
            changes[row.day, default: []].append((Int(row.key) ?? 0, row.n))
        }
        // Exact until rounding: per bucket and product, count × cost summed per month length.
        var exact: [CalendarDay: [Int: [Int64: Int64]]] = [:]
        var day = start
        while day <= query.to {
            for (product, n) in changes[day] ?? [] { running[product, default: 0] += n }
            let bucket = query.bucket(of: day), days = Int64(CalendarDay.days(inMonth: day.month, year: day.year))
            for (product, count) in running where count != 0 {
                guard let cost = monthlyCost[product] else { continue }
                exact[bucket, default: [:]][product, default: [:]][days, default: 0] += cost * Int64(count)
            }
            day = day.adding(days: 1)
        }
        var byBucket: [CalendarDay: Money] = [:], byProduct: [Int: Money] = [:]
        for (bucket, products) in exact {
            for (product, value) in products {
                // Σ parts[d] ÷ d over the month lengths d (28…31), over their common denominator, rounded once.
                let lcm: Int64 = 377_580
                let scaled = value.reduce(Int64(0)) { $0 + $1.value * (lcm / $1.key) }
                let cents = Money(cents: (scaled + lcm / 2) / lcm)
                byBucket[bucket] = (byBucket[bucket] ?? .zero) + cents
                byProduct[product] = (byProduct[product] ?? .zero) + cents
            }
        }
        return (byBucket, byProduct)
    }

    static func build(_ query: ReportQuery, currency: String, on connection: PostgresConnection) throws -> Report {
        let start = query.buckets.first ?? query.from
        var sums: [String: BucketSums] = [:]
        for row in try ReportSums.rows(["invoiced", "refunded"], currency: currency, from: start, to: query.to, on: connection) {
            sums[row.metric, default: BucketSums()].add(row, in: query)
        }
        let cost = try costs(query, start: start, currency: currency, on: connection)
        let rows: [[ReportCell]] = query.buckets.map { bucket in
            let revenue = sums["invoiced"]?.amount(bucket) ?? .zero, refunds = sums["refunded"]?.amount(bucket) ?? .zero
            let spent = cost.byBucket[bucket] ?? .zero
            let margin = revenue - refunds - spent
            return [.day(bucket), .money(revenue), .money(refunds), .money(spent), .money(margin), percent(margin, of: revenue)]
        }
        let main = ReportTable(
            key: "by_period", title: "Profit and loss",
            columns: [.init("period", "Period", .day), .init("revenue", "Revenue (net)", .money), .init("refunds", "Refunds", .money),
                      .init("cost", "Cost", .money), .init("margin", "Margin", .money), .init("margin_percent", "Margin %", .percent)],
            rows: rows, charts: [.init("Revenue, cost and margin", .bar, label: "period", series: ["revenue", "cost", "margin"])])
        let names = try ReportNames.products(on: connection)
        let revenue = try ReportSums.rows(["invoiced_item"], currency: currency, from: start, to: query.to, by: .product, perDay: false, on: connection)
        var byProduct: [Int: Money] = [:]
        for row in revenue { byProduct[Int(row.key) ?? 0] = row.amount }
        let products = Set(byProduct.keys).union(cost.byProduct.keys).sorted()
        let productRows: [[ReportCell]] = products.map { id in
            let income = byProduct[id] ?? .zero, spent = cost.byProduct[id] ?? .zero
            return [.text(names[id] ?? "(none)"), .money(income), .money(spent), .money(income - spent), percent(income - spent, of: income)]
        }
        let perProduct = ReportTable(
            key: "by_product", title: "Margin by product",
            columns: [.init("product", "Product", .text), .init("revenue", "Revenue (net)", .money), .init("cost", "Cost", .money),
                      .init("margin", "Margin", .money), .init("margin_percent", "Margin %", .percent)],
            rows: productRows, charts: [.init("Margin by product", .bar, label: "product", series: ["margin"])])
        let locations = try RevenueReport.breakdown(query, start: start, currency: currency, by: .location, key: "by_location", title: "Location",
                                                    on: connection)
        return Report(kind: .profit, query: query, currency: currency, tables: [main, perProduct, locations], notes: [
            "Revenue is invoiced net of tax; cost is each running service's product monthly cost, per day (÷ the days of the month).",
            "Per location only revenue is shown: costs are kept per product."])
    }

    static func percent(_ part: Money, of whole: Money) -> ReportCell {
        guard whole.cents != 0 else { return .empty }
        let scaled = part.cents * 10_000
        return .percent(Int((scaled + (scaled >= 0 ? whole.cents / 2 : -whole.cents / 2)) / whole.cents))
    }
}
