/// `/admin`: orders by status, revenue this month, recent activity.
public struct DashboardPage: PageModel {
    public let template = "admin/dashboard"
    public let title = "Dashboard"

    public struct Count: Sendable {
        public var label: String
        public var value: Int
        public var href: String

        public init(label: String, value: Int, href: String) {
            self.label = label
            self.value = value
            self.href = href
        }
    }

    public struct Activity: Sendable {
        public var when: String
        public var who: String
        public var action: String
        public var target: String

        public init(when: String, who: String, action: String, target: String) {
            self.when = when
            self.who = who
            self.action = action
            self.target = target
        }
    }

    public var name: String
    public var orderCounts: [Count]
    public var serverCounts: [Count]
    public var hasServers: Bool
    public var revenue: String
    public var payments: Int
    public var activity: [Activity]
    public var hasActivity: Bool

    public init(name: String, orderCounts: [Count], serverCounts: [Count], revenue: String, payments: Int, activity: [Activity]) {
        self.name = name
        self.orderCounts = orderCounts
        self.serverCounts = serverCounts
        hasServers = !serverCounts.isEmpty
        self.revenue = revenue
        self.payments = payments
        self.activity = activity
        hasActivity = !activity.isEmpty
    }
}
