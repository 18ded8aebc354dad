import Foundation
import Postgres

/// An admin's to-do for a server on the `manual` module.
public struct ManualTask: Sendable, Encodable {
    public var id: Int
    public var instanceID: Int
    public var hostname: String
    public var customerEmail: String
    public var productName: String
    public var action: ServerAction
    public var status: String
    public var outcome: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, hostname, action, status, outcome
        case instanceID = "instance_id", customerEmail = "customer_email", productName = "product_name", createdAt = "created_at"
    }
}

/// The manual queue: tasks opened by the `manual` module, closed by an admin.
public enum ManualTasks {
    static func open(action: ServerAction, request: ModuleRequest) throws -> Int {
        let existing = try request.connection.query(
            "SELECT id FROM manual_tasks WHERE instance_id = $1 AND action = $2 AND status = 'open'", [request.instance.id, action.rawValue])
        if let row = existing.firstRow { return try row.decode(Int.self, "id") }
        let id = try request.connection.query(
            "INSERT INTO manual_tasks (instance_id, action) VALUES ($1, $2) RETURNING id", [request.instance.id, action.rawValue])[0]
            .decode(Int.self, "id")
        let what = "\(action.rawValue) \(request.instance.hostname.isEmpty ? "server #\(request.instance.id)" : request.instance.hostname)"
        try Notify.staff("staff.task.waiting", key: "staff.task.waiting:\(id)",
                         values: ["task": what, "link": try NotificationSettings.load(on: request.connection).portalURL + "/admin/tasks"],
                         on: request.connection)
        request.log.write("task #\(id) opened in the admin queue")
        return id
    }

    /// Open tasks, oldest first.
    public static func openTasks(on connection: PostgresConnection) throws -> [ManualTask] {
        try select("WHERE t.status = 'open' ORDER BY t.id LIMIT 200", [], on: connection)
    }

    /// The open queue as the tasks page and `GET /api/v1/tasks` show it (staff).
    public static func open(for caller: Caller) throws -> [ManualTask] {
        _ = try caller.staff()
        return try openTasks(on: caller.connection)
    }

    /// Closes task `taskID` as done, as `caller` (staff), with the details reported as text
    /// (`ServerDetails(reported:)`): a build needs host name, address and root password, and its
    /// server goes active. Returns the closed task; an unknown one is not found, a closed one a conflict.
    public static func complete(taskID: Int, reported: [String: String], by caller: Caller, secrets: ServerSecrets) throws -> ManualTask {
        let staff = try caller.staff()
        try complete(taskID: taskID, details: try ServerDetails(reported: reported), by: staff, secrets: secrets, on: caller.connection,
                     origin: caller.origin)
        return try find(taskID, on: caller.connection)
    }

    /// Closes task `taskID` as impossible, as `caller` (staff), with a reason (1–500 characters);
    /// a build's server becomes `failed`. Returns the closed task.
    public static func fail(taskID: Int, reason: String?, by caller: Caller) throws -> ManualTask {
        let staff = try caller.staff()
        try fail(taskID: taskID, reason: reason ?? "", by: staff, on: caller.connection, origin: caller.origin)
        return try find(taskID, on: caller.connection)
    }

    private static func find(_ id: Int, on connection: PostgresConnection) throws -> ManualTask {
        guard let task = try select("WHERE t.id = $1", [id], on: connection).first else { throw DomainError.notFound("No task \(id).") }
        return task
    }

    private static func select(_ tail: String, _ values: [any PostgresEncodable], on connection: PostgresConnection) throws -> [ManualTask] {
        try connection.query(
            """
            SELECT t.id, t.instance_id, s.hostname, u.email, coalesce(p.name, '') AS product_name, t.action, t.status, t.outcome, t.created_at
            FROM manual_tasks t JOIN server_instances s ON s.id = t.instance_id JOIN users u ON u.id = s.customer_id
            LEFT JOIN products p ON p.id = s.product_id
            """ + " " + tail, values
        ).map { row in
            ManualTask(id: try row.decode(Int.self, "id"), instanceID: try row.decode(Int.self, "instance_id"),
                       hostname: try row.decode(String.self, "hostname"), customerEmail: try row.decode(String.self, "email"),
                       productName: try row.decode(String.self, "product_name"),
                       action: ServerAction(rawValue: try row.decode(String.self, "action")) ?? .status,
                       status: try row.decode(String.self, "status"), outcome: try row.decode(String.self, "outcome"),
                       createdAt: try row.decode(Date.self, "created_at"))
        }
    }

    /// Closes a task as done. For a build, the admin supplies the details and the server goes active.
    public static func complete(
        taskID: Int, details: ServerDetails, by admin: User, secrets: ServerSecrets, on connection: PostgresConnection, origin: RequestOrigin
    ) throws {
        try connection.transaction { connection in
            let task = try lockedOpenTask(taskID, on: connection)
            if task.action == .provision {
                var issues: [FieldIssue] = []
                if (details.hostname ?? "").isEmpty || !Hostname.isValid(details.hostname ?? "") {
                    issues.append(FieldIssue(field: "hostname", message: "must be a host name like web1.example.com"))
                }
                if (details.ipAddress ?? "").isEmpty || !IPAddress.isValid(details.ipAddress ?? "") {
                    issues.append(FieldIssue(field: "ip_address", message: "must be an IPv4 or IPv6 address"))
                }
                if (details.rootPassword ?? "").count < 8 { issues.append(FieldIssue(field: "root_password", message: "must be at least 8 characters")) }
                guard issues.isEmpty else { throw DomainError.validation(issues) }
                try ServerLifecycle.applyBuild(instanceID: task.instanceID, details: details, actor: Actor(admin), secrets: secrets, on: connection, origin: origin)
            }
            try connection.query(
                "UPDATE manual_tasks SET status = 'completed', outcome = 'done', closed_at = now(), closed_by = $2 WHERE id = $1", [taskID, admin.id])
            try AuditLog.record(on: connection, actor: Actor(admin), action: "manual_task.completed", targetType: "server",
                                targetID: String(task.instanceID), after: ["task": String(taskID), "action": task.action.rawValue], origin: origin)
        }
    }

    /// Closes a task as impossible; a build's server becomes `failed` with the reason.
    public static func fail(taskID: Int, reason: String, by admin: User, on connection: PostgresConnection, origin: RequestOrigin) throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(reason.count) else { throw DomainError.invalid("reason", "must be 1 to 500 characters") }
        try connection.transaction { connection in
            let task = try lockedOpenTask(taskID, on: connection)
            if task.action == .provision {
                try ServerLifecycle.markFailed(instanceID: task.instanceID, reason: reason, actor: Actor(admin), on: connection, origin: origin)
            }
            try connection.query(
                "UPDATE manual_tasks SET status = 'failed', outcome = $3, closed_at = now(), closed_by = $2 WHERE id = $1", [taskID, admin.id, reason])
            try AuditLog.record(on: connection, actor: Actor(admin), action: "manual_task.failed", targetType: "server",
                                targetID: String(task.instanceID), after: ["task": String(taskID), "reason": reason], origin: origin)
        }
    }

    private static func lockedOpenTask(_ id: Int, on connection: PostgresConnection) throws -> (instanceID: Int, action: ServerAction) {
        guard let row = try connection.query("SELECT instance_id, action, status FROM manual_tasks WHERE id = $1 FOR UPDATE", [id]).firstRow else {
            throw DomainError.notFound("No task \(id).")
        }
        guard try row.decode(String.self, "status") == "open" else { throw DomainError.conflict("Task \(id) is already closed.") }
        return (try row.decode(Int.self, "instance_id"), ServerAction(rawValue: try row.decode(String.self, "action")) ?? .status)
    }
}
