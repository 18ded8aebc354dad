import Foundation
import Postgres

/// Server queries and staff edits.
public enum Instances {
    /// List filters; `search` matches the start of a hostname or an IP address.
    public struct Filter: Sendable {
        public var status: ServerStatus?
        public var customerID: Int?
        public var productID: Int?
        public var location: String?
        public var search: String?

        public init(status: ServerStatus? = nil, customerID: Int? = nil, productID: Int? = nil, location: String? = nil, search: String? = nil) {
            self.status = status
            self.customerID = customerID
            self.productID = productID
            self.location = location
            self.search = search
        }
    }

    /// The server, unscoped: for use cases that checked the caller, and the job runner.
    static func find(id: Int, on connection: PostgresConnection, lock: Bool = false) throws -> ServerInstance? {
        try connection.query("SELECT \(ServerInstance.columns) FROM \(ServerInstance.from) WHERE s.id = $1" + (lock ? " FOR UPDATE OF s" : ""), [id])
            .firstRow.map(ServerInstance.init(row:))
    }

    /// The server if `caller` may see it: staff any, a customer their own; otherwise not found.
    public static func visible(id: Int, to caller: Caller) throws -> ServerInstance {
        guard let server = try find(id: id, on: caller.connection), caller.maySee(customerID: server.customerID) else {
            throw DomainError.notFound("No such server.")
        }
        return server
    }

    /// Newest first, keyset-paginated, limited to what `caller` may see (a customer: their own), as
    /// `Row`: the API's whole `ServerInstance`, or a list page's `ServerSummary`.
    public static func list<Row: ServerListRow>(_ filter: Filter, page: PageRequest, for caller: Caller, as _: Row.Type = ServerInstance.self) throws -> Page<Row> {
        var filter = filter
        filter.customerID = try caller.customerScope(requested: filter.customerID)
        return try list(filter, page: page, on: caller.connection, as: Row.self)
    }

    /// Newest first, keyset-paginated (unscoped).
    static func list<Row: ServerListRow>(_ filter: Filter, page: PageRequest, on connection: PostgresConnection, as _: Row.Type = ServerInstance.self) throws -> Page<Row> {
        let search = filter.search.flatMap { $0.isEmpty ? nil : SQLPattern.escapeLike(String($0.prefix(100)).lowercased()) + "%" }
        var sql = SQLFilter()
        sql.add("s.id < ?", page.afterID)
        sql.add("s.status = ?", filter.status?.rawValue)
        sql.add("s.customer_id = ?", filter.customerID)
        sql.add("s.product_id = ?", filter.productID)
        sql.add("s.datacenter_location = ?", filter.location)
        sql.add("(lower(s.hostname) LIKE ? OR s.ip_address LIKE ?)", search)
        let rows = try connection.query(
            "SELECT \(unescaped: Row.columns) FROM \(unescaped: ServerInstance.from) \(sql.whereClause) ORDER BY s.id DESC LIMIT \(page.limit + 1)")
        return page.page(try rows.map(Row.init(row:))) { $0.id }  // a closure: a key path on a generic type is built per call
    }

    /// Servers per status, for the dashboard: from the reports' aggregates (rolled up plus the facts
    /// not rolled up yet), not a count of every server.
    public static func countsByStatus(on connection: PostgresConnection) throws -> [ServerStatus: Int] {
        var counts: [ServerStatus: Int] = [:]
        for count in try CapacityReport.current(on: connection) {
            if let status = ServerStatus(rawValue: count.status) { counts[status, default: 0] += count.n }
        }
        return counts
    }

    /// The servers of one order.
    static func forOrder(_ orderID: Int, on connection: PostgresConnection) throws -> [ServerInstance] {
        try connection.query("SELECT \(ServerInstance.columns) FROM \(ServerInstance.from) WHERE s.order_id = $1 ORDER BY s.id", [orderID])
            .map(ServerInstance.init(row:))
    }
}

/// A server's secrets, opened for someone allowed to read them.
public struct ServerCredentials: Sendable, Encodable {
    public var instanceID: Int
    public var hostname: String
    public var ipAddress: String
    public var sshPort: Int
    public var username: String
    public var rootPassword: String?
    public var controlPanelURL: String
    public var controlPanelUsername: String
    public var controlPanelPassword: String?

    enum CodingKeys: String, CodingKey {
        case hostname, username
        case instanceID = "instance_id", ipAddress = "ip_address", sshPort = "ssh_port", rootPassword = "root_password"
        case controlPanelURL = "control_panel_url", controlPanelUsername = "control_panel_username", controlPanelPassword = "control_panel_password"
    }
}

/// Reading and writing sealed server secrets; every read is audited.
public struct ServerSecrets: Sendable {
    public let box: SecretBox

    public init(box: SecretBox) {
        self.box = box
    }

    /// The credentials of a server `caller` may see (staff, or the owner); audited.
    public func reveal(instanceID: Int, to caller: Caller) throws -> ServerCredentials {
        let connection = caller.connection
        let server = try Instances.visible(id: instanceID, to: caller)
        guard server.status != .terminated else { throw DomainError.conflict("The server is terminated; its credentials are gone.") }
        let row = try connection.query(
            "SELECT root_password, control_panel_password, control_panel_username FROM server_instances WHERE id = $1", [instanceID])[0]
        let root = try row.decode(PostgresBytes?.self, "root_password").map { try box.openText($0.bytes, context: Self.context("root_password", instanceID)) }
        let panel = try row.decode(PostgresBytes?.self, "control_panel_password").map {
            try box.openText($0.bytes, context: Self.context("control_panel_password", instanceID))
        }
        try AuditLog.record(on: connection, actor: caller.actor, action: "server.credentials_viewed", targetType: "server",
                            targetID: String(instanceID), origin: caller.origin)
        return ServerCredentials(
            instanceID: instanceID, hostname: server.hostname, ipAddress: server.ipAddress, sshPort: server.sshPort, username: "root",
            rootPassword: root, controlPanelURL: server.controlPanelURL, controlPanelUsername: try row.decode(String.self, "control_panel_username"),
            controlPanelPassword: panel)
    }

    /// The credentials once the caller has typed their password again (the customer's page
    /// asks for it; a wrong one is throttled like every password check).
    public func reveal(
        instanceID: Int, to caller: Caller, confirmingPassword password: String?, authenticator: Authenticator
    ) throws -> ServerCredentials {
        let user = try caller.signedIn()
        _ = try Instances.visible(id: instanceID, to: caller)
        guard try Profiles.confirm(user, password: password, authenticator: authenticator, on: caller.connection, origin: caller.origin) != nil
        else { throw DomainError.forbidden("That is not your password.") }
        return try reveal(instanceID: instanceID, to: caller)
    }

    /// A sealed column value bound to its column and row.
    public func seal(_ secret: String?, column: String, instanceID: Int) throws -> PostgresBytes? {
        guard let secret, !secret.isEmpty else { return nil }
        return PostgresBytes(try box.seal(secret, context: Self.context(column, instanceID)))
    }

    static func context(_ column: String, _ instanceID: Int) -> String { "server_instances.\(column):\(instanceID)" }
}
