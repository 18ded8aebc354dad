import Foundation
import Postgres

/// Slow or external work on a server, run by `vpsctl jobs`.
public struct Job: Sendable, Equatable, Encodable {
    public enum Status: String, Sendable, Codable { case queued, running, succeeded, failed }

    public var id: Int
    public var action: ServerAction
    public var instanceID: Int
    public var customerID: Int
    public var status: Status
    public var attempts: Int
    public var maxAttempts: Int
    public var timeoutSeconds: Int
    public var lastError: String
    public var requestedLabel: String
    public var runAfter: Date
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, action, status, attempts, error
        case instanceID = "instance_id", customerID = "customer_id", maxAttempts = "max_attempts", requestedLabel = "requested_by"
        case runAfter = "run_after", createdAt = "created_at", startedAt = "started_at", finishedAt = "finished_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(action, forKey: .action); try c.encode(status, forKey: .status)
        try c.encode(instanceID, forKey: .instanceID); try c.encode(customerID, forKey: .customerID)
        try c.encode(attempts, forKey: .attempts); try c.encode(maxAttempts, forKey: .maxAttempts)
        try c.encode(lastError.isEmpty ? nil : lastError, forKey: .error); try c.encode(requestedLabel, forKey: .requestedLabel)
        try c.encode(runAfter, forKey: .runAfter); try c.encode(createdAt, forKey: .createdAt)
        try c.encode(startedAt, forKey: .startedAt); try c.encode(finishedAt, forKey: .finishedAt)
    }

    /// True while the job may still change the server.
    public var isOpen: Bool { status == .queued || status == .running }

    static let columns = """
        j.id, j.action, j.instance_id, j.customer_id, j.status, j.attempts, j.max_attempts, j.timeout_seconds, j.last_error,
        j.requested_label, j.run_after, j.created_at, j.started_at, j.finished_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        action = ServerAction(rawValue: try row.decode(String.self, "action")) ?? .status
        instanceID = try row.decode(Int.self, "instance_id")
        customerID = try row.decode(Int.self, "customer_id")
        status = Status(rawValue: try row.decode(String.self, "status")) ?? .failed
        attempts = try row.decode(Int.self, "attempts")
        maxAttempts = try row.decode(Int.self, "max_attempts")
        timeoutSeconds = try row.decode(Int.self, "timeout_seconds")
        lastError = try row.decode(String.self, "last_error")
        requestedLabel = try row.decode(String.self, "requested_label")
        runAfter = try row.decode(Date.self, "run_after")
        createdAt = try row.decode(Date.self, "created_at")
        startedAt = try row.decode(Date?.self, "started_at")
        finishedAt = try row.decode(Date?.self, "finished_at")
    }
}

/// One attempt of a job, with its log.
public struct JobAttempt: Sendable, Encodable {
    public var attempt: Int
    public var startedAt: Date
    public var finishedAt: Date?
    public var outcome: String
    public var log: String

    enum CodingKeys: String, CodingKey {
        case attempt, outcome, log
        case startedAt = "started_at", finishedAt = "finished_at"
    }
}
