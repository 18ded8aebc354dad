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
}
