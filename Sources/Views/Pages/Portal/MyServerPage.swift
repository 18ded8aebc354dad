import Domain

/// `/my/servers/{id}`: one server — details, credentials on demand, reboot, progress, history.
public struct MyServerPage: PageModel {
    public let template = "my/server"
    public var title: String

    struct Fact: Sendable {
        var label: String
        var value: String
    }

    struct Credentials: Sendable {
        var username: String
        var rootPassword: String
        var sshCommand: String
        var panelURL: String?
        var panelUsername: String?
        var panelPassword: String?

        init(_ credentials: ServerCredentials) {
            username = credentials.username
            rootPassword = credentials.rootPassword ?? "(not set)"
            sshCommand = "ssh -p \(credentials.sshPort) \(credentials.username)@\(credentials.ipAddress.isEmpty ? credentials.hostname : credentials.ipAddress)"
            panelURL = credentials.controlPanelURL.isEmpty ? nil : credentials.controlPanelURL
            panelUsername = credentials.controlPanelUsername.isEmpty ? nil : credentials.controlPanelUsername
            panelPassword = credentials.controlPanelPassword
        }
    }

    struct Event: Sendable {
        var when: String
        var what: String
        var who: String
    }

    var id: Int
    var hostname: String
    var status: String
    var statusLabel: String
    var facts: [Fact]
    var credentials: Credentials?
    var canReveal: Bool
    var passwordError: String?
    var canReboot: Bool
    /// Why rebooting is not possible now (suspended, a job running …).
    var rebootBlocked: String?
    var job: Event?
    var jobRunning: Bool
    var history: [Event]
    var billing: ServerBillingView
    var alert: String?
    var notice: String?
    var csrfToken: String

    /// The notice after a reboot was queued.
    public static let rebootQueued = "Reboot requested. This page follows it until it is done."
    /// The notice after a cancellation was asked for.
    public static let cancellationRequested = "Cancellation recorded."
    /// The notice after a downgrade (or a change at no cost) applied at once.
    public static let productChanged = "Product changed. The server is being moved to its new package; the new price is billed from the next period."

    /// The page for `overview`; `credentials` right after a successful reveal.
    public init(
        _ overview: ServerOverview, credentials: ServerCredentials? = nil, passwordError: String? = nil, alert: String? = nil,
        notice: String? = nil, csrfToken: String
    ) {
        let server = overview.server
        title = server.displayName
        id = server.id
        hostname = server.displayName
        status = server.status.rawValue
        statusLabel = Display.words(status)
        facts = Self.facts(server)
        self.credentials = credentials.map(Credentials.init)
        canReveal = server.hasRootPassword && server.status != .terminated
        self.passwordError = passwordError
        canReboot = overview.reboot.isAvailable
        rebootBlocked = Self.rebootBlocked(overview.reboot)
        job = overview.latestJob.map {
            Event(when: Display.dateTime($0.finishedAt ?? $0.startedAt ?? $0.createdAt),
                  what: "Latest action: \(Display.words($0.action.rawValue))", who: $0.status.rawValue)
        }
        jobRunning = overview.latestJob?.isOpen ?? false
        history = overview.history.map {
            Event(when: Display.dateTime($0.occurredAt), what: Self.describe($0.action),
                  who: $0.actorID == overview.viewer.id ? "you" : ($0.actorLabel == "system" ? "VPS Portal" : "our staff"))
        }
        billing = ServerBillingView(server: server, billing: overview.billing, staff: false, csrfToken: csrfToken)
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }

    private static func facts(_ server: ServerInstance) -> [Fact] {
        var facts: [Fact] = [
            Fact(label: "IP address", value: server.ipAddress.isEmpty ? "assigned when the server is built" : server.ipAddress),
            Fact(label: "Specs", value: server.specs),
            Fact(label: "Location", value: [server.datacenterLocation, server.region].filter { !$0.isEmpty }.joined(separator: " · ")),
            Fact(label: "Operating system", value: [server.operatingSystem, server.osVersion].filter { !$0.isEmpty }.joined(separator: " ")),
            Fact(label: "Product", value: server.productName),
            Fact(label: "Since", value: Display.dateTime(server.provisionedAt ?? server.createdAt)),
        ]
        if server.ipAddresses.count > 1 { facts.insert(Fact(label: "All addresses", value: server.ipAddresses.joined(separator: ", ")), at: 1) }
        if server.status == .suspended {
            facts.append(Fact(label: "Suspended", value: Display.dateTime(server.suspendedAt)
                + (server.suspensionReason.isEmpty ? "" : " — \(server.suspensionReason)")))
            if !server.suspendedFor.isEmpty { facts.append(Fact(label: "Cause", value: Display.suspensionCause(server))) }
        }
        return facts
    }

    /// Why the customer cannot reboot now, in words.
    private static func rebootBlocked(_ availability: ActionAvailability) -> String? {
        switch availability {
        case .available, .notPermitted: return nil
        case .jobUnderWay(let action, _): return "A \(action.rawValue) is under way; you can reboot again when it is done."
        case .blockedByStatus(.suspended): return "The server is suspended; reboots are blocked until it is unsuspended. Please contact support."
        case .blockedByStatus(.terminated): return "The server is terminated."
        case .blockedByStatus(.failed): return "Building the server failed; our staff have been told and will retry it."
        case .blockedByStatus: return "The server is being built."
        }
    }

    /// An audit action as the customer reads it.
    static func describe(_ action: String) -> String {
        let names = [
            "server.created": "Server created", "server.provisioned": "Server built", "server.failed": "Build failed",
            "server.reboot": "Rebooted", "server.suspend": "Suspended", "server.unsuspend": "Unsuspended", "server.terminate": "Terminated",
            "server.credentials_viewed": "Credentials viewed", "server.updated": "Details updated",
        ]
        if let name = names[action] { return name }
        if action.hasPrefix("server."), action.hasSuffix("_requested") {
            return Display.words(String(action.dropFirst(7).dropLast(10))).capitalized + " requested"
        }
        return action
    }
}
