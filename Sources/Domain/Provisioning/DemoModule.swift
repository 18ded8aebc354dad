import Foundation
import Postgres

/// A simulated datacenter for demos and tests.
///
/// Takes realistic time (`module_config.delay_ms`, default 1500, at most 60000), assigns
/// addresses from 100.64.0.0/10 (recorded only — nothing is ever sent there),
/// keeps each machine's power state in PostgreSQL (`demo_machines`), and fails on demand:
/// `module_config.fail_actions: ["create", "reboot", …]`.
public struct DemoModule: ProvisioningModule {
    public static let moduleName = "demo"
    public var name: String { Self.moduleName }

    public init() {}

    public func create(_ request: ModuleRequest) throws -> ServerDetails {
        try simulate("create", request)
        let connection = request.connection
        if let existing = try connection.query(
            "SELECT provider_server_id, ip_address, mac_address FROM demo_machines WHERE instance_id = $1", [request.instance.id]).firstRow {
            request.log.write("machine already exists; returning it")
            return try details(existing, request, password: nil)
        }
        let number = try connection.query("SELECT nextval('demo_address_seq') AS n")[0].decode(Int.self, "n")
        let ip = Self.address(number)
        let mac = String(format: "52:54:00:%02x:%02x:%02x", (number >> 16) & 0xff, (number >> 8) & 0xff, number & 0xff)
        let providerID = "demo-\(request.instance.id)"
        let row = try connection.query(
            """
            INSERT INTO demo_machines (instance_id, provider_server_id, ip_address, mac_address, power_state)
            VALUES ($1, $2, $3, $4, 'running')
            ON CONFLICT (instance_id) DO UPDATE SET updated_at = now()
            RETURNING provider_server_id, ip_address, mac_address
            """, [request.instance.id, providerID, ip, mac])[0]
        request.log.write("machine \(providerID) created at \(ip)")
        return try details(row, request, password: try Self.password())
    }

    public func suspend(_ request: ModuleRequest) throws { try power(request, action: "suspend", to: "suspended", from: ["running", "stopped"]) }
    public func unsuspend(_ request: ModuleRequest) throws { try power(request, action: "unsuspend", to: "running", from: ["suspended"]) }
    public func terminate(_ request: ModuleRequest) throws { try power(request, action: "terminate", to: "deleted", from: ["running", "stopped", "suspended"]) }

    public func reboot(_ request: ModuleRequest) throws {
        try power(request, action: "reboot", to: "running", from: ["running", "stopped"])
        try request.connection.query("UPDATE demo_machines SET boots = boots + 1 WHERE instance_id = $1", [request.instance.id])
    }

    public func status(_ request: ModuleRequest) throws -> String {
        guard let row = try request.connection.query("SELECT power_state FROM demo_machines WHERE instance_id = $1", [request.instance.id]).firstRow else {
            throw ModuleError("The demo datacenter has no machine for server \(request.instance.id).", retryable: false)
        }
        return try row.decode(String.self, "power_state")
    }

    public func changePassword(_ request: ModuleRequest, newPassword: String) throws {
        try simulate("change_password", request)
        _ = try status(request)
        request.log.write("password changed")
    }

    public func changePackage(_ request: ModuleRequest) throws {
        try simulate("change_package", request)
        _ = try status(request)
        let i = request.instance
        request.log.write("package changed: \(i.cpuCores) cores, \(i.ramGB) GB RAM, \(i.storageGB) GB storage, \(i.bandwidthTB) TB traffic")
    }

    public func testConnection(config: JSONValue) throws -> String { "The demo datacenter is always reachable." }

    private func power(_ request: ModuleRequest, action: String, to state: String, from allowed: [String]) throws {
        try simulate(action, request)
        let current = try status(request)
        guard allowed.contains(current) else {
            throw ModuleError("The demo machine is \(current); it cannot \(action).", retryable: false)
        }
        try request.connection.query(
            "UPDATE demo_machines SET power_state = $2, updated_at = now() WHERE instance_id = $1", [request.instance.id, state])
        request.log.write("\(action): power state \(current) → \(state)")
    }

    /// Waits the configured time and fails when the product asks for it.
    private func simulate(_ action: String, _ request: ModuleRequest) throws {
        var delay = 1500
        if case .object(let config) = request.config {
            if case .number(let value)? = config["delay_ms"] { delay = max(0, min(60_000, Int(value))) }
            if case .array(let failing)? = config["fail_actions"], failing.contains(.string(action)) {
                request.log.write("\(action): failing on purpose (fail_actions)")
                throw ModuleError("The demo datacenter refused \(action) (configured to fail).", retryable: false)
            }
        }
        request.log.write("\(action): working for \(delay) ms")
        usleep(useconds_t(delay) * 1000)
    }

    private func details(_ row: PostgresRow, _ request: ModuleRequest, password: String?) throws -> ServerDetails {
        let ip = try row.decode(String.self, "ip_address")
        return ServerDetails(
            hostname: request.instance.hostname.isEmpty ? "server-\(request.instance.id).demo.test" : request.instance.hostname,
            ipAddress: ip, ipAddresses: [ip], macAddress: try row.decode(String.self, "mac_address"),
            providerServerID: try row.decode(String.self, "provider_server_id"), rootPassword: password, sshPort: 22,
            operatingSystem: request.instance.operatingSystem.isEmpty ? "debian-12" : request.instance.operatingSystem)
    }

    /// The n-th address of 100.64.0.0/10 (shared address space: recorded, never contacted).
    static func address(_ number: Int) -> String {
        let n = number % (1 << 22)
        return "100.\(64 + (n >> 16)).\((n >> 8) & 255).\(n & 255)"
    }

    static func password() throws -> String {
        Base64URL.encode(try SecureRandom.bytes(15))
    }
}
