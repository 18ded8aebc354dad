import Foundation

/// A loadable provisioning module: one executable (usually in `VPS_MODULES_DIR`) that speaks the
/// JSON protocol described in `docs/modules.md`.
///
/// Every call starts the executable afresh, writes one JSON request to its stdin, closes stdin and
/// reads one JSON answer from its stdout, within `config["timeout_seconds"]` (default 30, 1…300).
/// Its stderr (first 8 KB) goes to the job log. Whatever the program does — hang, crash, print
/// garbage, vanish — the caller gets a readable `ModuleError`, never a crash or a hang.
///
/// Everything happens on the calling thread (one `poll` loop over the three pipes), so a call
/// blocks that thread for at most the time limit plus a few seconds to stop the program.
public struct ExternalModule: ProvisioningModule {
    /// The module's name: the executable's file name.
    public let name: String
    /// The executable's absolute path.
    public let path: String

    /// The version of the protocol this portal speaks (`"protocol"` in every request).
    public static let protocolVersion = 1
    /// Time limit when the configuration names none.
    public static let defaultTimeoutSeconds: Double = 30
    /// The allowed range of `timeout_seconds`.
    public static let timeoutRange: ClosedRange<Double> = 1...300
    /// How long a program has between SIGTERM and SIGKILL.
    public static let terminationGraceSeconds: Double = 2
    /// How much of stdout is read; a longer answer is refused.
    public static let maximumAnswerBytes = 1024 * 1024
    /// How much of stderr reaches the job log.
    public static let maximumStderrBytes = 8 * 1024

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    public func create(_ request: ModuleRequest) throws -> ServerDetails {
        let answer = try call(.create, request: request)
        guard let server = answer.server else {
            throw ModuleError("module \(name) answered ok to create without the server's details (\"server\")", retryable: false)
        }
        return server
    }

    public func suspend(_ request: ModuleRequest) throws {
        _ = try call(.suspend, request: request)
    }

    public func unsuspend(_ request: ModuleRequest) throws {
        _ = try call(.unsuspend, request: request)
    }

    public func terminate(_ request: ModuleRequest) throws {
        _ = try call(.terminate, request: request)
    }

    public func reboot(_ request: ModuleRequest) throws {
        _ = try call(.reboot, request: request)
    }

    public func status(_ request: ModuleRequest) throws -> String {
        let answer = try call(.status, request: request)
        guard let status = answer.status, !status.isEmpty else {
            throw ModuleError("module \(name) answered ok to status without a power state (\"status\")", retryable: false)
        }
        return String(ExternalModuleText.printable(status).prefix(50))
    }

    public func changePassword(_ request: ModuleRequest, newPassword: String) throws {
        _ = try call(.changePassword, request: request, newPassword: newPassword)
    }

    public func changePackage(_ request: ModuleRequest) throws {
        _ = try call(.changePackage, request: request)
    }

    public func testConnection(config: JSONValue) throws -> String {
        let exchange = ExternalModuleExchange(module: self, action: .testConnection, instance: nil, config: config, newPassword: nil)
        let answer = try exchange.run(log: nil)
        return answer.message.map { ExternalModuleText.printable($0) } ?? "module \(name) answered ok"
    }

    private func call(_ action: ExternalModuleAction, request: ModuleRequest, newPassword: String? = nil) throws -> ExternalModuleAnswer {
        let exchange = ExternalModuleExchange(module: self, action: action, instance: request.instance, config: request.config,
                                              newPassword: newPassword)
        return try exchange.run(log: request.log)
    }

    /// The time limit `config` asks for, clamped to `timeoutRange`.
    public static func timeoutSeconds(in config: JSONValue) -> Double {
        guard case .object(let settings) = config, case .number(let seconds)? = settings["timeout_seconds"], seconds.isFinite else {
            return defaultTimeoutSeconds
        }
        return min(max(seconds, timeoutRange.lowerBound), timeoutRange.upperBound)
    }
}

/// The actions of protocol version 1, as spelled on the wire.
enum ExternalModuleAction: String, Sendable {
    case create, suspend, unsuspend, terminate, reboot, status
    case changePassword = "change_password"
    case changePackage = "change_package"
    case testConnection = "test_connection"
}

/// One request as written to the module's stdin.
struct ExternalModuleRequest: Encodable {
    var protocolVersion: Int
    var action: String
    var instance: ModuleInstance?
    var config: JSONValue
    var newPassword: String?

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol", action, instance, config, newPassword = "new_password"
    }
}

/// One answer as read from the module's stdout.
struct ExternalModuleAnswer: Decodable {
    var ok: Bool
    var server: ServerDetails?
    var status: String?
    var message: String?
    var error: String?
    var retryable: Bool?
}
