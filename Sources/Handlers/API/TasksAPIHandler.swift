import Domain

/// `/api/v1/tasks`: the manual provisioning queue — list, complete, fail. The JSON twins of
/// `/admin/tasks`, calling the same `ManualTasks` use cases.
enum TasksAPIHandler {
    /// `GET /api/v1/tasks`: the open tasks, oldest first.
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(ListBody(items: try ManualTasks.open(for: context.caller), nextCursor: nil))
    }

    /// `POST /api/v1/tasks/{id}/complete`: the server's details (a build needs `hostname`,
    /// `ip_address`, `root_password`) → the closed task.
    static func complete(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        let task = try ManualTasks.complete(
            taskID: try context.idParameter(), reported: try body.texts(ServerDetails.reportedFields), by: context.caller,
            secrets: context.services.serverSecrets)
        return try .json(task)
    }

    /// `POST /api/v1/tasks/{id}/fail`: `{"reason"}` → the closed task; a build's server fails with the reason.
    static func fail(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        return try .json(try ManualTasks.fail(taskID: try context.idParameter(), reason: try body.text("reason"), by: context.caller))
    }
}
