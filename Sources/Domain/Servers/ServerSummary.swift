import Foundation
import Postgres

/// A row a server list decodes: its SELECT list and how a result row becomes one. `Instances.list`
/// takes the row type, so a list page reads only what its table shows.
public protocol ServerListRow: Sendable {
    /// The SELECT list, over `server_instances s`, `users u` (the customer) and `products p`.
    static var columns: String { get }
    /// The row, from the columns in `columns` order.
    init(row: PostgresRow) throws
    /// The server's id, the list's keyset cursor.
    var id: Int { get }
}

/// What the server list pages show of a server (`/my/servers`, `/admin/servers`): 14 columns, where
/// `ServerInstance` reads 43 — a page of 50 decodes and PostgreSQL formats a third of the cells.
public struct ServerSummary: ServerListRow, Equatable {
    public var id: Int
    public var customerID: Int
    public var customerEmail: String
    public var productName: String
    public var hostname: String
    public var ipAddress: String
    public var status: ServerStatus
    public var cpuCores: Int
    public var ramGB: Int
    public var storageGB: Int
    public var datacenterLocation: String
    public var operatingSystem: String
    public var provisionedAt: Date?
    public var createdAt: Date

    public static let columns = """
        s.id, s.customer_id, u.email AS customer_email, coalesce(p.name, '') AS product_name, s.hostname, s.ip_address,
        s.status, s.cpu_cores, s.ram_gb, s.storage_gb, s.datacenter_location, s.operating_system, s.provisioned_at, s.created_at
        """

    public init(row: PostgresRow) throws {
        var row = row.reader()  // the columns in `columns` order
        id = try row.decode(Int.self, "id")
        customerID = try row.decode(Int.self, "customer_id")
        customerEmail = try row.decode(String.self, "customer_email")
        productName = try row.decode(String.self, "product_name")
        hostname = try row.decode(String.self, "hostname")
        ipAddress = try row.decode(String.self, "ip_address")
        status = ServerStatus(rawValue: try row.decode(String.self, "status")) ?? .failed
        cpuCores = try row.decode(Int.self, "cpu_cores")
        ramGB = try row.decode(Int.self, "ram_gb")
        storageGB = try row.decode(Int.self, "storage_gb")
        datacenterLocation = try row.decode(String.self, "datacenter_location")
        operatingSystem = try row.decode(String.self, "operating_system")
        provisionedAt = try row.decode(Date?.self, "provisioned_at")
        createdAt = try row.decode(Date.self, "created_at")
    }
}

extension ServerInstance {
    /// The list columns of this server (what a list page would have read).
    public var summary: ServerSummary { ServerSummary(self) }
}

extension ServerSummary {
    init(_ server: ServerInstance) {
        id = server.id
        customerID = server.customerID
        customerEmail = server.customerEmail
        productName = server.productName
        hostname = server.hostname
        ipAddress = server.ipAddress
        status = server.status
        cpuCores = server.cpuCores
        ramGB = server.ramGB
        storageGB = server.storageGB
        datacenterLocation = server.datacenterLocation
        operatingSystem = server.operatingSystem
        provisionedAt = server.provisionedAt
        createdAt = server.createdAt
    }
}
