/// What a server's page shows a caller who may see it: the server, its newest jobs (staff see
/// ten and the newest one's attempts), its history, and whether a reboot can be asked for now.
public struct ServerOverview {
    public let server: ServerInstance
    /// Newest first; one for customers.
    public let jobs: [Job]
    /// The newest job's attempts with their logs (staff only).
    public let attempts: [JobAttempt]
    public let history: [AuditEntry]
    public let reboot: ActionAvailability
    /// The user the page is for.
    public let viewer: User
    /// Its billing: cancellation, pending product change, products it could move to.
    public let billing: ServerBillingOverview

    public var latestJob: Job? { jobs.first }

    /// Loads the server `id` if `caller` may see it (404 otherwise).
    public static func load(id: Int, for caller: Caller) throws -> ServerOverview {
        let viewer = try caller.signedIn()
        let server = try Instances.visible(id: id, to: caller)
        let connection = caller.connection
        let jobs = try Jobs.recent(instanceID: server.id, limit: viewer.role.isStaff ? 10 : 1, on: connection)
        let attempts = try viewer.role.isStaff ? jobs.first.map { try Jobs.attempts(jobID: $0.id, on: connection) } ?? [] : []
        let history = try AuditLog.list(
            on: connection, page: PageRequest(limit: viewer.role.isStaff ? 50 : 30), targetType: "server", targetID: String(server.id)).items
        let open = jobs.first.flatMap { $0.isOpen ? (action: $0.action, id: $0.id) : nil }
        return ServerOverview(
            server: server, jobs: jobs, attempts: attempts, history: history, reboot: .of(.reboot, on: server, openJob: open, for: viewer),
            viewer: viewer, billing: try ServerBillingOverview.load(serverID: server.id, for: caller))
    }
}
