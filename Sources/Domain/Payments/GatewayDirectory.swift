import Foundation

/// The loadable payment gateways: executables in the `gateways/` folder of `VPS_MODULES_DIR`, one
/// per gateway, named like it (`^[a-z][a-z0-9_]{1,30}$`, the `payment_gateways` name rule; the
/// built-ins' names are taken). A folder of their own keeps them apart from provisioning modules:
/// a product can never name a gateway, nor a webhook reach a provisioning module.
///
/// Read per look-up like `ModuleDirectory`; a gateway is only used once its `payment_gateways` row
/// exists (`vpsctl payments install NAME`, disabled) and an admin enabled it.
public struct GatewayDirectory: Sendable {
    /// The `gateways` folder, or nil when no loadable modules are configured.
    public let path: String?

    /// `modules` is the modules directory (`VPS_MODULES_DIR`).
    public init(modules: ModuleDirectory) {
        path = modules.path.map { $0 + "/gateways" }
    }

    /// The folder under `VPS_MODULES_DIR` of `environment`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> GatewayDirectory {
        GatewayDirectory(modules: ModuleDirectory.fromEnvironment(environment))
    }

    /// Gateway `name`, when an executable of that name is in the folder now and no built-in has the name.
    public func gateway(named name: String) -> ExternalGateway? {
        guard let path, Self.isValidName(name), !PaymentGateways.builtInNames.contains(name) else { return nil }
        let file = "\(path)/\(name)"
        return ExternalModuleFile.isExecutable(file) ? ExternalGateway(name: name, path: file) : nil
    }

    /// The names of the gateways installed in the folder now, sorted.
    public func names() -> [String] {
        guard let path, let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return entries.filter { gateway(named: $0) != nil }.sorted()
    }

    /// `^[a-z][a-z0-9_]{1,30}$`, as the `payment_gateways` table checks.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (2...31).contains(bytes.count), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) else { return false }
        return bytes.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
            || $0 == UInt8(ascii: "_") }
    }
}
