/// A server's lifecycle as an explicit state machine.
///
/// `pending_provisioning → provisioning → active`, `active ↔ suspended`,
/// `active/suspended → terminated`, `provisioning → failed`, `failed → provisioning` (retry).
/// A manual build goes `pending_provisioning → active` (or `failed`) when an admin finishes it.
public enum ServerStatus: String, Sendable, Codable, CaseIterable {
    case pendingProvisioning = "pending_provisioning"
    case provisioning, active, suspended, terminated, failed

    public var successors: Set<ServerStatus> {
        switch self {
        case .pendingProvisioning: return [.provisioning, .active, .failed]
        case .provisioning: return [.active, .failed]
        case .active: return [.suspended, .terminated]
        case .suspended: return [.active, .terminated]
        case .failed: return [.provisioning, .pendingProvisioning]
        case .terminated: return []
        }
    }

    public func canMove(to next: ServerStatus) -> Bool { successors.contains(next) }

    /// `next` when allowed, else a conflict naming the current status.
    public func moving(to next: ServerStatus) throws -> ServerStatus {
        guard canMove(to: next) else {
            throw DomainError.conflict("The server is \(rawValue); it cannot become \(next.rawValue).")
        }
        return next
    }
}

/// What can be asked of a server; each runs as a job through the server's module.
public enum ServerAction: String, Sendable, Codable, CaseIterable {
    case provision, suspend, unsuspend, terminate, reboot
    case changePassword = "change_password"
    case status
    /// Move the machine to the server's (new) product's package, after a product change.
    case changePackage = "change_package"

    /// The statuses a server must be in for the action to be accepted.
    public var allowedFrom: Set<ServerStatus> {
        switch self {
        case .provision: return [.pendingProvisioning, .failed]
        case .suspend: return [.active]
        case .unsuspend: return [.suspended]
        case .terminate: return [.active, .suspended]
        case .reboot, .changePassword, .status: return [.active]
        case .changePackage: return [.active, .suspended]
        }
    }

    /// The status a successful run leaves the server in (nil: unchanged).
    public var resultingStatus: ServerStatus? {
        switch self {
        case .provision, .unsuspend: return .active
        case .suspend: return .suspended
        case .terminate: return .terminated
        case .reboot, .changePassword, .status, .changePackage: return nil
        }
    }
}
