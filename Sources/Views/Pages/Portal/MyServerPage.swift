/// `/my/servers/{id}`: one server — details, credentials on demand, reboot, progress, history.
public struct MyServerPage: PageModel {
    public let template = "my/server"
    public var title: String

    public struct Fact: Sendable {
        public var label: String
        public var value: String
        public init(label: String, value: String) {
            self.label = label
            self.value = value
        }
    }

    public struct Credentials: Sendable {
        public var username: String
        public var rootPassword: String
        public var sshCommand: String
        public var panelURL: String?
        public var panelUsername: String?
        public var panelPassword: String?
        public init(username: String, rootPassword: String, sshCommand: String, panelURL: String?, panelUsername: String?, panelPassword: String?) {
            self.username = username
            self.rootPassword = rootPassword
            self.sshCommand = sshCommand
            self.panelURL = panelURL
            self.panelUsername = panelUsername
            self.panelPassword = panelPassword
        }
    }

    public struct Event: Sendable {
        public var when: String
        public var what: String
        public var who: String
        public init(when: String, what: String, who: String) {
            self.when = when
            self.what = what
            self.who = who
        }
    }

    public var id: Int
    public var hostname: String
    public var status: String
    public var statusLabel: String
    public var facts: [Fact]
    public var credentials: Credentials?
    public var canReveal: Bool
    public var passwordError: String?
    public var canReboot: Bool
    /// Why rebooting is not possible now (suspended, a job running …).
    public var rebootBlocked: String?
    public var job: Event?
    public var jobRunning: Bool
    public var history: [Event]
    public var alert: String?
    public var notice: String?
    public var csrfToken: String

    public init(
        id: Int, hostname: String, status: String, facts: [Fact], credentials: Credentials?, canReveal: Bool, passwordError: String?,
        canReboot: Bool, rebootBlocked: String?, job: Event?, jobRunning: Bool, history: [Event], alert: String?, notice: String?, csrfToken: String
    ) {
        title = hostname
        self.id = id
        self.hostname = hostname
        self.status = status
        statusLabel = Display.words(status)
        self.facts = facts
        self.credentials = credentials
        self.canReveal = canReveal
        self.passwordError = passwordError
        self.canReboot = canReboot
        self.rebootBlocked = rebootBlocked
        self.job = job
        self.jobRunning = jobRunning
        self.history = history
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
