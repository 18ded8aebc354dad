import Domain
import Foundation
import Views

/// `/admin/tasks`: the manual queue; staff complete a task (a build with the server's details)
/// or fail it with a reason.
enum TaskPagesHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.requireStaff()
        var notice: String?
        if let id = context.query["done"].flatMap({ Int($0) }) {
            notice = "Task #\(id) is done."
        } else if let id = context.query["failed"].flatMap({ Int($0) }) {
            notice = "Task #\(id) was closed as failed."
        }
        return try render(context, notice: notice)
    }

    /// `POST /admin/tasks/{id}/complete`.
    static func complete(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.requireStaff()
        let taskID = try context.idParameter()
        let form = try context.form()
        let submitted = visibleValues(form)
        do {
            let details = try serverDetails(form)
            try ManualTasks.complete(
                taskID: taskID, details: details, by: staff, secrets: context.services.serverSecrets, on: context.connection,
                origin: context.origin)
            return .redirect(to: "/admin/tasks?done=\(taskID)")
        } catch let error as DomainError {
            return try refusal(error, context: context, taskID: taskID, submitted: submitted)
        }
    }

    /// `POST /admin/tasks/{id}/fail`.
    static func fail(_ request: Request, _ context: RequestContext) throws -> Response {
        let staff = try context.requireStaff()
        let taskID = try context.idParameter()
        let form = try context.form()
        do {
            try ManualTasks.fail(taskID: taskID, reason: form["reason"] ?? "", by: staff, on: context.connection, origin: context.origin)
            return .redirect(to: "/admin/tasks?failed=\(taskID)")
        } catch let error as DomainError {
            return try refusal(error, context: context, taskID: taskID, submitted: ["reason": form["reason"] ?? ""])
        }
    }

    /// A build's details from the form; empty fields are left out, a bad SSH port is a field error.
    private static func serverDetails(_ form: QueryParameters) throws -> ServerDetails {
        func text(_ name: String) -> String? {
            let value = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        var sshPort: Int?
        if let port = text("ssh_port") {
            guard let number = Int(port), (1...65535).contains(number) else { throw DomainError.invalid("ssh_port", "must be from 1 to 65535") }
            sshPort = number
        }
        return ServerDetails(
            hostname: text("hostname"), ipAddress: text("ip_address"), rootPassword: text("root_password"), sshPort: sshPort,
            controlPanelURL: text("control_panel_url"), controlPanelUsername: text("control_panel_username"),
            controlPanelPassword: text("control_panel_password"), operatingSystem: text("operating_system"))
    }

    /// The posted values that may be shown again (never passwords).
    private static func visibleValues(_ form: QueryParameters) -> [String: String] {
        var values: [String: String] = [:]
        for spec in TaskListPage.Field.specs where spec.type != "password" { values[spec.name] = form[spec.name] ?? "" }
        return values
    }

    /// Field errors next to the task's inputs (422); an unknown task is 404; anything else an alert with its status.
    private static func refusal(_ error: DomainError, context: RequestContext, taskID: Int, submitted: [String: String]) throws -> Response {
        if case .notFound = error { throw HTTPError.notFound("No such task.") }
        let mapped = HTTPError(error)
        if case .validation(let issues) = error {
            return try render(context, failedTaskID: taskID, submitted: submitted, errors: FormErrors(issues.map { ($0.field, $0.message) }),
                              status: mapped.status)
        }
        return try render(context, alert: mapped.detail, status: mapped.status)
    }

    private static func render(
        _ context: RequestContext, failedTaskID: Int? = nil, submitted: [String: String]? = nil, errors: FormErrors = FormErrors(),
        alert: String? = nil, notice: String? = nil, status: HTTPStatus = .ok
    ) throws -> Response {
        let page = TaskListPage(
            tasks: try ManualTasks.openTasks(on: context.connection), failedTaskID: failedTaskID, submitted: submitted, errors: errors,
            alert: alert, notice: notice, csrfToken: try context.csrfToken())
        return try context.page(page, status: status)
    }
}
