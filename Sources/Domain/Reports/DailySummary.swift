import Postgres

/// The daily summary (the `reporting` module): yesterday's figures, queued once per day to the
/// staff mailbox through the outbox (event `staff.daily_summary`, key `daily_summary:<day>`, so
/// two runs queue it once). Queued by the billing run for the day before its clock's day; off when
/// billing settings' `daily_summary` is false.
public enum DailySummary {
    /// Yesterday's figures relative to `today`, as template values.
    public static func figures(for day: CalendarDay, currency: String, on connection: PostgresConnection) throws -> [String: String] {
        var values: [String: String] = ["day": day.description, "currency": currency]
        let today = try ReportSums.rows(["orders", "invoiced", "collected", "refunded", "services"], currency: currency, from: day, to: day,
                                        by: .reason, on: connection)
        func amount(_ metric: String) -> Money { today.filter { $0.metric == metric }.reduce(Money.zero) { $0 + $1.amount } }
        values["new_orders"] = String(today.filter { $0.metric == "orders" }.reduce(0) { $0 + $1.n })
        values["invoiced"] = amount("invoiced").description
        values["collected"] = amount("collected").description
        values["refunds"] = amount("refunded").description
        values["new_services"] = String(today.filter { $0.metric == "services" && $0.key.isEmpty }.reduce(0) { $0 + $1.n })
        values["lost_services"] = String(-today.filter { $0.metric == "services" && !$0.key.isEmpty }.reduce(0) { $0 + $1.n })
        values["mrr"] = try MRRReport.mrr(at: day, currency: currency, on: connection).description
        let aged = try ReceivablesReport.aged(on: day, currency: currency, connection: connection)
        values["overdue"] = aged.dropFirst().reduce(Money.zero) { $0 + $1.amount }.description
        return values
    }

    /// Queues the summary of the day before `today` unless it is off or already queued.
    public static func queue(today: CalendarDay, on connection: PostgresConnection) throws {
        guard try connection.query("SELECT daily_summary FROM billing_settings")[0].decode(Bool.self, "daily_summary") else { return }
        let day = today.adding(days: -1)
        let currency = CreditLedger.defaultCurrency
        var values = try figures(for: day, currency: currency, on: connection)
        values["link"] = try NotificationSettings.load(on: connection).portalURL + "/admin/reports"
        try Notify.staff("staff.daily_summary", key: "daily_summary:\(day)", values: values, on: connection)
    }
}
