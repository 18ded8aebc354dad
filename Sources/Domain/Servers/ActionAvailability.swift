/// Whether an action can be requested on a server now, and if not, why — the one rule the
/// request (`ServerActions.request`) enforces and the pages show.
public enum ActionAvailability: Sendable, Equatable {
    case available
    /// The caller may not ask for this action at all (customers may only reboot).
    case notPermitted
    /// The server's status does not allow it.
    case blockedByStatus(ServerStatus)
    /// Another job of the server is queued or running.
    case jobUnderWay(ServerAction, jobID: Int)

    public var isAvailable: Bool { self == .available }

    /// The availability of `action` on `server` for `user`, given the server's open job.
    public static func of(_ action: ServerAction, on server: ServerInstance, openJob: (action: ServerAction, id: Int)?, for user: User) -> Self {
        if !user.role.isStaff && action != .reboot { return .notPermitted }
        guard action.allowedFrom.contains(server.status) else { return .blockedByStatus(server.status) }
        if let openJob { return .jobUnderWay(openJob.action, jobID: openJob.id) }
        return .available
    }
}
