import Postgres

/// Provisioning and actions by hand: each call becomes a task in the admin queue
/// (`/admin/tasks`). A build waits for an admin to complete it with the server's details
/// (or fail it with a reason); other actions take effect in the portal at once and leave a
/// task for the admin to carry out on the machine.
public struct ManualModule: ProvisioningModule {
    public static let moduleName = "manual"
    public var name: String { Self.moduleName }
    public var buildsImmediately: Bool { false }

    public init() {}

    public func create(_ request: ModuleRequest) throws -> ServerDetails {
        throw HandedToStaff(taskID: try ManualTasks.open(action: .provision, request: request))
    }

    public func suspend(_ request: ModuleRequest) throws { _ = try ManualTasks.open(action: .suspend, request: request) }
    public func unsuspend(_ request: ModuleRequest) throws { _ = try ManualTasks.open(action: .unsuspend, request: request) }
    public func terminate(_ request: ModuleRequest) throws { _ = try ManualTasks.open(action: .terminate, request: request) }
    public func reboot(_ request: ModuleRequest) throws { _ = try ManualTasks.open(action: .reboot, request: request) }
    public func changePackage(_ request: ModuleRequest) throws { _ = try ManualTasks.open(action: .changePackage, request: request) }
    public func status(_ request: ModuleRequest) throws -> String { "unknown (managed by hand)" }

    public func changePassword(_ request: ModuleRequest, newPassword: String) throws {
        _ = try ManualTasks.open(action: .changePassword, request: request)
    }

    public func testConnection(config: JSONValue) throws -> String { "Manual provisioning needs no connection." }
}
