import Domain

extension ServerDetailPage {
    /// One labelled fact, optionally a link.
    public struct Fact: Sendable {
        public var label: String
        public var value: String
        public var href: String?

        public init(_ label: String, _ value: String, href: String? = nil) {
            self.label = label
            self.value = value.isEmpty ? "—" : value
            self.href = href
        }

        /// The facts of a server, in reading order.
        static func all(for server: ServerInstance) -> [Fact] {
            let os = [server.operatingSystem, server.osVersion].filter { !$0.isEmpty }.joined(separator: " ")
            let place = [server.datacenterLocation, server.region].filter { !$0.isEmpty }.joined(separator: " / ")
            let panel = [server.controlPanelType, server.controlPanelURL].filter { !$0.isEmpty }.joined(separator: " · ")
            let storage = [String(server.storageGB) + " GB", server.storageType].filter { !$0.isEmpty }.joined(separator: " ")
            var facts = [
                Fact("Customer", server.customerEmail, href: "/admin/customers/\(server.customerID)"),
                Fact("Order", server.orderID.map { "#\($0)" } ?? "", href: server.orderID.map { "/admin/orders/\($0)" }),
                Fact("Product", server.productName, href: server.productID.map { "/admin/products/\($0)" }),
                Fact("Module", server.provisioningModule),
                Fact("Hostname", server.hostname),
                Fact("IP address", server.ipAddress),
                Fact("More IPs", server.ipAddresses.filter { $0 != server.ipAddress }.joined(separator: ", ")),
                Fact("MAC address", server.macAddress),
                Fact("Specs", "\(server.cpuCores) CPU cores · \(server.ramGB) GB RAM · \(storage) · \(server.bandwidthTB) TB traffic"),
                Fact("SSH port", String(server.sshPort)),
                Fact("Operating system", os),
                Fact("Location / region", place),
                Fact("Provider", server.provider),
                Fact("Provider server id", server.providerServerID),
                Fact("Control panel", panel),
                Fact("Created", Display.dateTime(server.createdAt)),
                Fact("Provisioned", Display.dateTime(server.provisionedAt)),
            ]
            if server.suspendedAt != nil || !server.suspensionReason.isEmpty || !server.suspendedFor.isEmpty {
                facts.append(Fact("Suspended", Display.dateTime(server.suspendedAt)))
                facts.append(Fact("Cause", Display.suspensionCause(server)))
                facts.append(Fact("Suspension reason", server.suspensionReason))
            }
            if server.terminatedAt != nil { facts.append(Fact("Terminated", Display.dateTime(server.terminatedAt))) }
            facts.append(Fact("Notes", server.notes))
            facts.append(Fact("Version", String(server.version)))
            return facts
        }
    }

    /// A button that posts one action; terminate asks for a confirming tick.
    public struct ActionButton: Sendable {
        public var action: String
        public var label: String
        public var isDanger: Bool
        public var needsConfirm: Bool

        init(_ action: ServerAction, status: ServerStatus) {
            self.action = action.rawValue
            switch action {
            case .provision: label = status == .failed ? "Retry provisioning" : "Provision"
            case .unsuspend: label = "Unsuspend"
            default: label = action.rawValue.prefix(1).uppercased() + action.rawValue.dropFirst()
            }
            isDanger = action == .terminate || action == .suspend
            needsConfirm = action == .terminate
        }
    }

    /// One job in the progress table.
    public struct JobRow: Sendable {
        public var id: Int
        public var action: String
        public var status: String
        public var attempts: String
        public var error: String
        public var requestedBy: String
        public var created: String
        public var finished: String

        init(_ job: Job) {
            id = job.id
            action = job.action.rawValue
            status = job.status.rawValue
            attempts = "\(job.attempts) of \(job.maxAttempts)"
            error = job.lastError
            requestedBy = job.requestedLabel
            created = Display.dateTime(job.createdAt)
            finished = Display.dateTime(job.finishedAt)
        }
    }

    /// One attempt of the newest job, with its log.
    public struct AttemptRow: Sendable {
        public var attempt: Int
        public var outcome: String
        public var started: String
        public var finished: String
        public var log: String

        init(_ attempt: JobAttempt) {
            self.attempt = attempt.attempt
            outcome = attempt.outcome
            started = Display.dateTime(attempt.startedAt)
            finished = Display.dateTime(attempt.finishedAt)
            log = attempt.log.isEmpty ? "(no output yet)" : attempt.log
        }
    }

    /// The credentials, shown once in the response to "Reveal credentials".
    public struct CredentialsView: Sendable {
        public var username: String
        public var rootPassword: String
        public var address: String
        public var sshPort: Int
        public var controlPanelURL: String
        public var controlPanelUsername: String
        public var controlPanelPassword: String
        public var hasControlPanel: Bool

        init(_ credentials: ServerCredentials) {
            username = credentials.username
            rootPassword = credentials.rootPassword ?? "(none recorded)"
            address = credentials.ipAddress.isEmpty ? credentials.hostname : credentials.ipAddress
            sshPort = credentials.sshPort
            controlPanelURL = credentials.controlPanelURL
            controlPanelUsername = credentials.controlPanelUsername
            controlPanelPassword = credentials.controlPanelPassword ?? "(none recorded)"
            hasControlPanel = !credentials.controlPanelURL.isEmpty || !credentials.controlPanelUsername.isEmpty
                || credentials.controlPanelPassword != nil
        }
    }

    /// One audit entry of the server.
    public struct HistoryEntry: Sendable {
        public var when: String
        public var who: String
        public var action: String

        init(_ entry: AuditEntry) {
            when = Display.dateTime(entry.occurredAt)
            who = entry.actorLabel
            action = entry.action
        }
    }
}
