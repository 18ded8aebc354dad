import Postgres

/// A provisioning module: how servers of a product come to exist and are operated.
///
/// Modules run only in the job runner (`vpsctl jobs`), never in a page request. Each
/// call either succeeds or throws a `ModuleError` whose message an admin can read.
public protocol ProvisioningModule: Sendable {
    /// The name products refer to (`provisioning_module`).
    var name: String { get }
    /// True when the module starts building at once (the server goes `provisioning`); false
    /// when a person builds it (the server waits in `pending_provisioning`).
    var buildsImmediately: Bool { get }
    /// Builds the server; returns what the portal should record about it.
    func create(_ request: ModuleRequest) throws -> ServerDetails
    func suspend(_ request: ModuleRequest) throws
    func unsuspend(_ request: ModuleRequest) throws
    func terminate(_ request: ModuleRequest) throws
    func reboot(_ request: ModuleRequest) throws
    /// The machine's power state as the provider sees it (`running`, `stopped` …).
    func status(_ request: ModuleRequest) throws -> String
    func changePassword(_ request: ModuleRequest, newPassword: String) throws
    /// Moves the machine to the package of the server's product after a product change; the
    /// request's instance carries the new product's resources and `config` its module settings.
    func changePackage(_ request: ModuleRequest) throws
    /// Checks that the module can reach its provider with `config`; returns a short message.
    func testConnection(config: JSONValue) throws -> String
}

/// A module's readable refusal or failure.
public struct ModuleError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// False when retrying cannot help (bad configuration, the provider said no).
    public var retryable: Bool

    public init(_ message: String, retryable: Bool = true) {
        self.message = message
        self.retryable = retryable
    }

    public var description: String { message }
}

/// What a module gets for one call: the server, the product's module settings, a log, and
/// (for modules that keep state in PostgreSQL, like `demo`) the runner thread's connection.
public struct ModuleRequest {
    public var instance: ModuleInstance
    /// The product's `module_config`.
    public var config: JSONValue
    /// Lines written here end up in the job attempt's log (never put secrets in it).
    public let log: JobLog
    public let connection: PostgresConnection

    public init(instance: ModuleInstance, config: JSONValue, log: JobLog, connection: PostgresConnection) {
        self.instance = instance
        self.config = config
        self.log = log
        self.connection = connection
    }
}

/// The server a module acts on, without any secret.
public struct ModuleInstance: Sendable, Equatable, Codable {
    public var id: Int
    public var hostname: String
    public var operatingSystem: String
    public var cpuCores: Int
    public var ramGB: Int
    public var storageGB: Int
    public var bandwidthTB: Int
    public var datacenterLocation: String
    public var region: String
    /// The provider's id for the machine, once created.
    public var providerServerID: String

    enum CodingKeys: String, CodingKey {
        case id, hostname, region
        case operatingSystem = "operating_system", cpuCores = "cpu_cores", ramGB = "ram_gb", storageGB = "storage_gb"
        case bandwidthTB = "bandwidth_tb", datacenterLocation = "datacenter_location", providerServerID = "provider_server_id"
    }

    public init(id: Int, hostname: String, operatingSystem: String, cpuCores: Int, ramGB: Int, storageGB: Int, bandwidthTB: Int,
                datacenterLocation: String, region: String, providerServerID: String) {
        self.id = id
        self.hostname = hostname
        self.operatingSystem = operatingSystem
        self.cpuCores = cpuCores
        self.ramGB = ramGB
        self.storageGB = storageGB
        self.bandwidthTB = bandwidthTB
        self.datacenterLocation = datacenterLocation
        self.region = region
        self.providerServerID = providerServerID
    }
}

/// What a module reports about a server it built. Secrets are sealed by the runner at once.
public struct ServerDetails: Sendable, Equatable, Codable {
    public var hostname: String?
    public var ipAddress: String?
    public var ipAddresses: [String]?
    public var macAddress: String?
    public var providerServerID: String?
    public var rootPassword: String?
    public var sshPort: Int?
    public var controlPanelURL: String?
    public var controlPanelType: String?
    public var controlPanelUsername: String?
    public var controlPanelPassword: String?
    public var operatingSystem: String?
    public var osVersion: String?

    enum CodingKeys: String, CodingKey {
        case hostname
        case ipAddress = "ip_address", ipAddresses = "ip_addresses", macAddress = "mac_address", providerServerID = "provider_server_id"
        case rootPassword = "root_password", sshPort = "ssh_port", controlPanelURL = "control_panel_url", controlPanelType = "control_panel_type"
        case controlPanelUsername = "control_panel_username", controlPanelPassword = "control_panel_password"
        case operatingSystem = "operating_system", osVersion = "os_version"
    }

    public init(hostname: String? = nil, ipAddress: String? = nil, ipAddresses: [String]? = nil, macAddress: String? = nil,
                providerServerID: String? = nil, rootPassword: String? = nil, sshPort: Int? = nil, controlPanelURL: String? = nil,
                controlPanelType: String? = nil, controlPanelUsername: String? = nil, controlPanelPassword: String? = nil,
                operatingSystem: String? = nil, osVersion: String? = nil) {
        self.hostname = hostname
        self.ipAddress = ipAddress
        self.ipAddresses = ipAddresses
        self.macAddress = macAddress
        self.providerServerID = providerServerID
        self.rootPassword = rootPassword
        self.sshPort = sshPort
        self.controlPanelURL = controlPanelURL
        self.controlPanelType = controlPanelType
        self.controlPanelUsername = controlPanelUsername
        self.controlPanelPassword = controlPanelPassword
        self.operatingSystem = operatingSystem
        self.osVersion = osVersion
    }
}

/// The log of one job attempt: lines from the runner and the module (and a module's stderr).
public final class JobLog {
    public private(set) var lines: [String] = []
    /// Caps the log so a chatty module cannot fill the database.
    public static let maximumBytes = 16 * 1024
    private var bytes = 0

    public init() {}

    public func write(_ line: String) {
        guard bytes < Self.maximumBytes else { return }
        let text = String(line.prefix(Self.maximumBytes - bytes))
        bytes += text.utf8.count
        lines.append(text)
    }

    public var text: String { lines.joined(separator: "\n") }
}
