import Domain
import Views

/// Builds a customer's server page: facts, credentials when just revealed, reboot state, history.
enum MyServerRenderer {
    static func render(
        _ context: RequestContext, server: ServerInstance, credentials: ServerCredentials? = nil, passwordError: String? = nil,
        alert: String? = nil, notice: String? = nil, status: HTTPStatus = .ok
    ) throws -> Response {
        let customer = try context.requireCustomer()
        let latest = try Jobs.recent(instanceID: server.id, limit: 1, on: context.connection).first
        let open = latest?.isOpen ?? false
        var facts: [MyServerPage.Fact] = [
            .init(label: "IP address", value: server.ipAddress.isEmpty ? "assigned when the server is built" : server.ipAddress),
            .init(label: "Specs", value: "\(server.cpuCores) vCPU · \(server.ramGB) GB RAM · \(server.storageGB) GB \(server.storageType.uppercased()) · \(server.bandwidthTB) TB traffic"),
            .init(label: "Location", value: [server.datacenterLocation, server.region].filter { !$0.isEmpty }.joined(separator: " · ")),
            .init(label: "Operating system", value: [server.operatingSystem, server.osVersion].filter { !$0.isEmpty }.joined(separator: " ")),
            .init(label: "Product", value: server.productName),
            .init(label: "Since", value: Display.dateTime(server.provisionedAt ?? server.createdAt)),
        ]
        if server.ipAddresses.count > 1 { facts.insert(.init(label: "All addresses", value: server.ipAddresses.joined(separator: ", ")), at: 1) }
        if server.status == .suspended {
            facts.append(.init(label: "Suspended", value: Display.dateTime(server.suspendedAt) + (server.suspensionReason.isEmpty ? "" : " — \(server.suspensionReason)")))
        }
        let blocked: String?
        switch server.status {
        case .active: blocked = open ? "A \(latest?.action.rawValue ?? "job") is under way; you can reboot again when it is done." : nil
        case .suspended: blocked = "The server is suspended; reboots are blocked until it is unsuspended. Please contact support."
        case .terminated: blocked = "The server is terminated."
        case .failed: blocked = "Building the server failed; our staff have been told and will retry it."
        case .pendingProvisioning, .provisioning: blocked = "The server is being built."
        }
        let job = latest.map {
            MyServerPage.Event(when: Display.dateTime($0.finishedAt ?? $0.startedAt ?? $0.createdAt),
                               what: "Latest action: \(Display.words($0.action.rawValue))", who: $0.status.rawValue)
        }
        let history = try AuditLog.list(on: context.connection, page: PageRequest(limit: 30), targetType: "server", targetID: String(server.id)).items.map {
            MyServerPage.Event(when: Display.dateTime($0.occurredAt), what: describe($0.action),
                               who: $0.actorID == customer.id ? "you" : ($0.actorLabel == "system" ? "VPS Portal" : "our staff"))
        }
        let page = MyServerPage(
            id: server.id, hostname: server.hostname.isEmpty ? "Server \(server.id)" : server.hostname, status: server.status.rawValue, facts: facts,
            credentials: credentials.map {
                MyServerPage.Credentials(
                    username: $0.username, rootPassword: $0.rootPassword ?? "(not set)",
                    sshCommand: "ssh -p \($0.sshPort) \($0.username)@\($0.ipAddress.isEmpty ? $0.hostname : $0.ipAddress)",
                    panelURL: $0.controlPanelURL.isEmpty ? nil : $0.controlPanelURL,
                    panelUsername: $0.controlPanelUsername.isEmpty ? nil : $0.controlPanelUsername, panelPassword: $0.controlPanelPassword)
            },
            canReveal: server.hasRootPassword && server.status != .terminated, passwordError: passwordError,
            canReboot: server.status == .active && !open, rebootBlocked: blocked, job: job, jobRunning: open, history: history,
            alert: alert, notice: notice, csrfToken: try context.csrfToken())
        return try context.page(page, status: status)
    }

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
