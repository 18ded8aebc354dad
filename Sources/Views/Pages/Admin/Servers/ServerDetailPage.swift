import Domain

/// `/admin/servers/{id}`: facts, the actions allowed now, job progress, credentials,
/// the edit form and the server's history.
public struct ServerDetailPage: PageModel {
    public let template = "admin/servers/detail"
    public let title: String

    /// The actions the page offers, in button order (the rest are API-only).
    public static let pageActions: [ServerAction] = [.provision, .reboot, .suspend, .unsuspend, .terminate]

    public var id: Int
    public var status: String
    public var heading: String
    public var facts: [Fact]
    /// Why the build failed, shown as an alert on failed servers.
    public var failureReason: String?
    public var actions: [ActionButton]
    public var hasActions: Bool
    /// A manual build waits for an admin in the task queue.
    public var awaitsManualBuild: Bool
    public var jobs: [JobRow]
    public var hasJobs: Bool
    /// The newest job and its attempts with their logs.
    public var latestJob: String?
    public var attempts: [AttemptRow]
    public var hasAttempts: Bool
    /// A job is queued or running: the page says so and refreshes itself.
    public var isWorking: Bool
    public var refreshes: Bool
    public var refreshURL: String
    public var credentials: CredentialsView?
    public var credentialsGone: Bool
    public var editFields: [ServerEditField]
    public var version: Int
    public var hasErrors: Bool
    public var changes: [FieldChange]
    public var hasChanges: Bool
    public var history: [HistoryEntry]
    var billing: ServerBillingView
    public var hasHistory: Bool
    public var alert: String?
    public var notice: String?
    public var csrfToken: String

    /// What one rendering of the page shows besides the server itself.
    /// What a request adds to the page beyond the server's own state.
    public struct Extras: Sendable {
        public var credentials: ServerCredentials?
        /// The edit form's submitted values when re-rendering it (nil: the stored ones).
        public var submitted: [String: String]?
        public var errors = FormErrors()
        /// What a stale edit asked for: the page shows where the stored server now differs.
        public var staleEdit: InstanceEdits.Input?
        public var alert: String?
        public var notice: String?

        public init() {}
    }

    /// Shown fields where the stored server now differs from what a stale edit asked for.
    static func changes(wanted: InstanceEdits.Input, current: ServerInstance) -> [FieldChange] {
        ServerEditField.specs.compactMap { spec -> FieldChange? in
            guard !ServerEditField.unshownFields.contains(spec.name), let value = wanted.scalars[spec.name] else { return nil }
            let stored = ServerEditField.storedValue(spec.name, of: current)
            return stored == value ? nil : FieldChange(label: spec.label, current: stored, yours: value)
        }
    }

    /// The page for `overview`; after a stale edit `overview` holds the current server.
    public init(_ overview: ServerOverview, extras: Extras = Extras(), csrfToken: String) {
        let server = overview.server
        id = server.id
        status = server.status.rawValue
        heading = server.hostname.isEmpty ? "Server #\(server.id)" : "Server #\(server.id) · \(server.hostname)"
        title = heading
        facts = Fact.all(for: server)
        failureReason = server.status == .failed ? (server.failureReason.isEmpty ? "The build failed." : server.failureReason) : nil
        actions = Self.pageActions.filter { $0.allowedFrom.contains(server.status) }.map { ActionButton($0, status: server.status) }
        hasActions = !actions.isEmpty
        awaitsManualBuild = server.status == .pendingProvisioning && server.provisioningModule == "manual"
        jobs = overview.jobs.map(JobRow.init)
        hasJobs = !jobs.isEmpty
        latestJob = overview.jobs.first.map { "Job #\($0.id) · \($0.action.rawValue) · \($0.status.rawValue)" }
        attempts = overview.attempts.map(AttemptRow.init)
        hasAttempts = !attempts.isEmpty
        isWorking = overview.jobs.contains(where: \.isOpen)
        credentials = extras.credentials.map(CredentialsView.init)
        refreshes = isWorking && credentials == nil && extras.alert == nil && extras.errors.isEmpty
        refreshURL = "/admin/servers/\(server.id)"
        credentialsGone = server.status == .terminated
        editFields = ServerEditField.fields(for: server, submitted: extras.submitted, errors: extras.errors)
        version = server.version
        hasErrors = !extras.errors.isEmpty
        changes = extras.staleEdit.map { Self.changes(wanted: $0, current: server) } ?? []
        hasChanges = !changes.isEmpty
        history = overview.history.map(HistoryEntry.init)
        hasHistory = !history.isEmpty
        billing = ServerBillingView(server: server, billing: overview.billing, staff: true, csrfToken: csrfToken)
        alert = extras.alert
        notice = extras.notice
        self.csrfToken = csrfToken
    }
}
