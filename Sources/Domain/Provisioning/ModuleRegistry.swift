/// Finds the module a product names: built-in `manual` and `demo`, else an executable in
/// `VPS_MODULES_DIR` (looked up per call, so adding or removing a file needs no restart).
public struct ModuleRegistry: Sendable {
    public let directory: ModuleDirectory

    public init(directory: ModuleDirectory) {
        self.directory = directory
    }

    public func module(named name: String) throws -> any ProvisioningModule {
        switch name {
        case ManualModule.moduleName: return ManualModule()
        case DemoModule.moduleName: return DemoModule()
        default:
            guard let module = directory.module(named: name) else {
                throw ModuleError("No provisioning module named \(name) is installed.", retryable: false)
            }
            return module
        }
    }

    /// Every module a product may name now.
    public func names() -> [String] {
        [ManualModule.moduleName, DemoModule.moduleName] + directory.names()
    }
}

/// A module's answer that a person will finish the work (the `manual` module).
public struct HandedToStaff: Error, Sendable {
    public let taskID: Int
}

extension ProvisioningModule {
    /// Automated modules move a new server to `provisioning` while they build it; a manual
    /// build waits in `pending_provisioning` until an admin completes its task.
    public var buildsImmediately: Bool { true }
}
