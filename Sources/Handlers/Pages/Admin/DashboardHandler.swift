import Domain
import Views

/// `/admin`: the staff dashboard.
enum DashboardHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireStaff()
        let stats = try Orders.stats(on: context.connection)
        let counts = OrderStatus.allCases.map {
            DashboardPage.Count(label: "Orders \($0.rawValue)", value: stats.countsByStatus[$0] ?? 0, href: "/admin/orders?status=\($0.rawValue)")
        }
        let recent = try AuditLog.list(on: context.connection, page: PageRequest(limit: 10)).items.map {
            DashboardPage.Activity(when: Display.dateTime($0.occurredAt), who: $0.actorLabel, action: $0.action, target: "\($0.targetType) \($0.targetID)")
        }
        let servers = try Instances.countsByStatus(on: context.connection)
        let serverCounts = ServerStatus.allCases.map {
            DashboardPage.Count(label: "Servers \(Display.words($0.rawValue))", value: servers[$0] ?? 0,
                                href: "/admin/servers?status=\($0.rawValue)")
        }
        let page = DashboardPage(
            name: user.name.isEmpty ? user.email : user.name, orderCounts: counts, serverCounts: serverCounts,
            revenue: stats.revenueThisMonth.description, payments: stats.paymentsThisMonth, activity: recent)
        return try context.page(page)
    }
}
