import Domain

/// `/my/servers`: the customer's servers.
public struct MyServersPage: PageModel {
    public let template = "my/servers"
    public let title = "My servers"

    struct Row: Sendable {
        var id: Int
        var hostname: String
        var status: String
        var statusLabel: String
        var ipAddress: String
        var specs: String
        var location: String
        var operatingSystem: String
        var since: String
    }

    var rows: [Row]
    var isEmpty: Bool
    var nextHref: String?

    /// One page of the customer's servers.
    public init(_ page: Page<ServerSummary>) {
        rows = page.items.map(Row.init)
        isEmpty = rows.isEmpty
        nextHref = page.nextCursor.map { "/my/servers?cursor=\($0)" }
    }
}

extension MyServersPage.Row {
    init(_ server: ServerSummary) {
        id = server.id
        hostname = server.displayName
        status = server.status.rawValue
        statusLabel = Display.words(status)
        ipAddress = server.addressOrDash
        specs = server.shortSpecs
        location = server.datacenterLocation
        operatingSystem = server.operatingSystem
        since = Display.dateTime(server.provisionedAt ?? server.createdAt)
    }
}
