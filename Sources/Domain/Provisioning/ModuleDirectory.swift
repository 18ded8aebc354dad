import Foundation

/// The loadable modules in `VPS_MODULES_DIR`: one executable file per module, named like the module.
///
/// Nothing is cached: every look-up reads the directory, so copying an executable in adds a module
/// and deleting it removes one, without rebuilding or restarting the portal.
public struct ModuleDirectory: Sendable {
    /// The directory, or nil when no loadable modules are configured.
    public let path: String?

    /// `path` is usually `VPS_MODULES_DIR`; nil or empty means no loadable modules.
    public init(path: String?) {
        if let path, !path.isEmpty {
            self.path = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        } else {
            self.path = nil
        }
    }

    /// The directory named by `VPS_MODULES_DIR` in `environment`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ModuleDirectory {
        ModuleDirectory(path: environment["VPS_MODULES_DIR"])
    }

    /// The module called `name`, when a regular executable file of that name is in the directory now.
    /// Names must match `[a-z0-9_-]{1,50}`, so no name reaches outside the directory.
    public func module(named name: String) -> ExternalModule? {
        guard let path, Self.isValidName(name) else { return nil }
        let file = "\(path)/\(name)"
        guard ExternalModuleFile.isExecutable(file) else { return nil }
        return ExternalModule(name: name, path: file)
    }

    /// The names of the modules installed now, sorted.
    public func names() -> [String] {
        guard let path, let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return entries.filter { Self.isValidName($0) && ExternalModuleFile.isExecutable("\(path)/\($0)") }.sorted()
    }

    /// True for names of 1…50 characters from `a-z`, `0-9`, `_` and `-`.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...50).contains(bytes.count) else { return false }
        return bytes.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
            || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }
}
