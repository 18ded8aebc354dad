/// `/my/servers`: the customer's servers.
public struct MyServersPage: PageModel {
    public let template = "my/servers"
    public let title = "My servers"

    public struct Row: Sendable {
        public var id: Int
        public var hostname: String
        public var status: String
        public var statusLabel: String
        public var ipAddress: String
        public var specs: String
        public var location: String
        public var operatingSystem: String
        public var since: String
        public init(id: Int, hostname: String, status: String, ipAddress: String, specs: String, location: String, operatingSystem: String, since: String) {
            self.id = id
            self.hostname = hostname
            self.status = status
            statusLabel = Display.words(status)
            self.ipAddress = ipAddress
            self.specs = specs
            self.location = location
            self.operatingSystem = operatingSystem
            self.since = since
        }
    }

    public var rows: [Row]
    public var isEmpty: Bool
    public var nextHref: String?

    public init(rows: [Row], nextHref: String?) {
        self.rows = rows
        isEmpty = rows.isEmpty
        self.nextHref = nextHref
    }
}
