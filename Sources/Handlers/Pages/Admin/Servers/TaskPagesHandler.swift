import Domain
import Foundation
import Views

/// `/admin/tasks`: the manual queue; staff complete a task (a build with the server's details)
/// or fail it with a reason.
enum TaskPagesHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
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
        let form = try context.form()
        let task = try ManualTasks.complete(
            taskID: try context.idParameter(), reported: form.values(ServerDetails.reportedFields), by: context.caller,
            secrets: context.services.serverSecrets)
        return .redirect(to: "/admin/tasks?done=\(task.id)")
    }

    /// `POST /admin/tasks/{id}/fail`.
    static func fail(_ request: Request, _ context: RequestContext) throws -> Response {
        let task = try ManualTasks.fail(taskID: try context.idParameter(), reason: try context.form()["reason"], by: context.caller)
        return .redirect(to: "/admin/tasks?failed=\(task.id)")
    }

    /// The queue again: field errors next to the task's inputs (422), the reason otherwise; an
    /// unknown task is 404.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        if refusal.error.status == .notFound { throw HTTPError.notFound("No such task.") }
        guard !refusal.issues.isEmpty else { return try render(context, alert: refusal.error.detail) }
        let form = try context.form()
        let submitted = context.route?.pattern.hasSuffix("/fail") == true ? ["reason": form["reason"] ?? ""] : visibleValues(form)
        return try render(context, failedTaskID: try context.idParameter(), submitted: submitted, errors: FormErrors(refusal.issues))
    }

    /// The posted values that may be shown again (never passwords).
    private static func visibleValues(_ form: QueryParameters) -> [String: String] {
        var values: [String: String] = [:]
        for spec in TaskListPage.Field.specs where spec.type != "password" { values[spec.name] = form[spec.name] ?? "" }
        return values
    }

    private static func render(
        _ context: RequestContext, failedTaskID: Int? = nil, submitted: [String: String]? = nil, errors: FormErrors = FormErrors(),
        alert: String? = nil, notice: String? = nil
    ) throws -> Response {
        let page = TaskListPage(
            tasks: try ManualTasks.open(for: context.caller), failedTaskID: failedTaskID, submitted: submitted, errors: errors,
            alert: alert, notice: notice, csrfToken: try context.csrfToken())
        return try context.page(page)
    }
}
