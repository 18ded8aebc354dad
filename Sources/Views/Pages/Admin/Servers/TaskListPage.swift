import Domain

/// `/admin/tasks`: the manual queue, each open task with its "Complete" and "Fail" forms.
public struct TaskListPage: PageModel {
    public let template = "admin/tasks/list"
    public let title = "Manual tasks"

    /// One open task; a build asks for the server's details.
    public struct Task: Sendable {
        public var id: Int
        public var action: String
        public var instanceID: Int
        public var hostname: String
        public var customer: String
        public var product: String
        public var opened: String
        public var isBuild: Bool
        public var fields: [Field]
        public var reason: String
        public var reasonError: String?
        public var hasErrors: Bool

        /// `submitted`/`errors` re-show what was posted for this task (never its passwords).
        init(_ task: ManualTask, submitted: [String: String]?, errors: FormErrors) {
            id = task.id
            action = task.action.rawValue
            instanceID = task.instanceID
            hostname = task.hostname.isEmpty ? "—" : task.hostname
            customer = task.customerEmail
            product = task.productName.isEmpty ? "—" : task.productName
            opened = Display.dateTime(task.createdAt)
            isBuild = task.action == .provision
            fields = isBuild ? Field.buildFields(taskID: task.id, hostname: task.hostname, submitted: submitted, errors: errors) : []
            reason = submitted?["reason"] ?? ""
            reasonError = errors["reason"]
            hasErrors = !errors.isEmpty
        }
    }

    /// One input of a build's "Complete" form.
    public struct Field: Sendable {
        public var name: String
        public var id: String
        public var label: String
        public var inputType: String
        public var value: String
        public var error: String?
        public var isRequired: Bool
        public var autocomplete: String

        /// Names, labels and types of a build's details, required ones first.
        public static let specs: [(name: String, label: String, type: String, required: Bool)] = [
            ("hostname", "Hostname", "text", true), ("ip_address", "IP address", "text", true),
            ("root_password", "Root password", "password", true), ("operating_system", "Operating system", "text", true),
            ("ssh_port", "SSH port", "number", false), ("control_panel_url", "Control panel URL", "url", false),
            ("control_panel_username", "Control panel username", "text", false),
            ("control_panel_password", "Control panel password", "password", false),
        ]

        static func buildFields(taskID: Int, hostname: String, submitted: [String: String]?, errors: FormErrors) -> [Field] {
            specs.map { spec in
                let value = spec.type == "password" ? "" : (submitted?[spec.name] ?? (spec.name == "hostname" ? hostname : ""))
                return Field(
                    name: spec.name, id: "task-\(taskID)-" + spec.name.replacingOccurrences(of: "_", with: "-"),
                    label: spec.label + (spec.required ? "" : " (optional)"), inputType: spec.type, value: value,
                    error: errors[spec.name].map { "\(spec.label) \($0)" }, isRequired: spec.required,
                    autocomplete: spec.type == "password" ? "new-password" : "off")
            }
        }
    }

    public var tasks: [Task]
    public var isEmpty: Bool
    public var alert: String?
    public var notice: String?
    public var csrfToken: String

    /// `failedTaskID` names the task whose form `submitted` and `errors` belong to.
    public init(
        tasks: [ManualTask], failedTaskID: Int? = nil, submitted: [String: String]? = nil, errors: FormErrors = FormErrors(),
        alert: String? = nil, notice: String? = nil, csrfToken: String
    ) {
        self.tasks = tasks.map { task in
            task.id == failedTaskID ? Task(task, submitted: submitted, errors: errors) : Task(task, submitted: nil, errors: FormErrors())
        }
        isEmpty = tasks.isEmpty
        self.alert = alert
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
