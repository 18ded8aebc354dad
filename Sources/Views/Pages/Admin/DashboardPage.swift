import Domain

/// `/admin`: orders by status, revenue this month, recent activity.
public struct DashboardPage: PageModel {
    public let template = "admin/dashboard"
    public let title = "Dashboard"

    struct Count: Sendable {
        var label: String
        var value: Int
        var href: String
    }

    struct Activity: Sendable {
        var when: String
        var who: String
        var action: String
        var target: String
    }

    var name: String
    var currency: String
    var mrr: String
    var collected: String
    var overdue: String
    var trendChart: String
    var orderCounts: [Count]
    var serverCounts: [Count]
    var hasServers: Bool
    var revenue: String
    var payments: Int
    var activity: [Activity]
    var hasActivity: Bool

    /// The dashboard of `figures` for `viewer`.
    public init(_ figures: DashboardFigures, viewer: User) {
        name = viewer.name.isEmpty ? viewer.email : viewer.name
        let headline = figures.headline
        currency = headline.currency
        mrr = headline.mrr.description
        collected = headline.collectedThisMonth.description
        overdue = headline.overdue.description
        trendChart = Self.trend(headline)
        orderCounts = OrderStatus.allCases.map {
            Count(label: "Orders \($0.rawValue)", value: figures.orders.countsByStatus[$0] ?? 0, href: "/admin/orders?status=\($0.rawValue)")
        }
        serverCounts = ServerStatus.allCases.map {
            Count(label: "Servers \(Display.words($0.rawValue))", value: figures.servers[$0] ?? 0, href: "/admin/servers?status=\($0.rawValue)")
        }
        hasServers = !serverCounts.isEmpty
        revenue = figures.orders.revenueThisMonth.description
        payments = figures.orders.paymentsThisMonth
        activity = figures.recent.map {
            Activity(when: Display.dateTime($0.occurredAt), who: $0.actorLabel, action: $0.action, target: "\($0.targetType) \($0.targetID)")
        }
        hasActivity = !activity.isEmpty
    }

    /// Twelve months of MRR and of money collected as one line chart, drawn like the reports' charts.
    static func trend(_ headline: DashboardHeadline) -> String {
        let table = ReportTable(
            key: "dashboard_trend", title: "Last 12 months",
            columns: [.init("month", "Month", .day), .init("mrr", "MRR", .money), .init("collected", "Collected", .money)],
            rows: zip(headline.months, zip(headline.mrrTrend, headline.collectedTrend)).map { [.day($0), .money($1.0), .money($1.1)] })
        let chart = ReportTable.Chart("MRR and money collected, last 12 months", .line, label: "month", series: ["mrr", "collected"])
        return SVGChart(chart, of: table, id: "dashboard-trend", currency: headline.currency).render()
    }
}
