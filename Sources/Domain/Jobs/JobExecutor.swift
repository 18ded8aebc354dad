import Foundation
import Postgres

/// Runs one taken job through its server's module and records the outcome.
///
/// Results are applied in the same transaction that marks the job done, and only if the job
/// is still this runner's — a job requeued after a runner was presumed dead is never applied twice.
public struct JobExecutor: Sendable {
    public let registry: ModuleRegistry
    public let secrets: ServerSecrets
    /// The advisory-lock key of this runner process.
    public let runnerKey: Int64

    public init(registry: ModuleRegistry, secrets: ServerSecrets, runnerKey: Int64) {
        self.registry = registry
        self.secrets = secrets
        self.runnerKey = runnerKey
    }

    /// Takes and runs the next ready job; false when there was none.
    public func runNext(on connection: PostgresConnection) throws -> Bool {
        guard let job = try Jobs.take(runnerKey: runnerKey, on: connection) else { return false }
        run(job, on: connection)
        return true
    }

    func run(_ job: Job, on connection: PostgresConnection) {
        let log = JobLog()
        var attemptLimit = job.maxAttempts
        let origin = RequestOrigin(address: "jobs", userAgent: "vpsctl jobs", requestID: "job-\(job.id)")
        log.write("attempt \(job.attempts) of \(job.maxAttempts): \(job.action.rawValue) server \(job.instanceID)")
        do {
            guard let server = try Instances.find(id: job.instanceID, on: connection) else {
                throw ModuleError("The server no longer exists.", retryable: false)
            }
            let resuming = job.action == .provision && server.status == .provisioning
            guard job.action.allowedFrom.contains(server.status) || resuming else {
                throw ModuleError("The server is \(server.status.rawValue); \(job.action.rawValue) is not possible now.", retryable: false)
            }
            let module = try registry.module(named: server.provisioningModule)
            if job.action == .provision && module.buildsImmediately { try ServerLifecycle.startBuild(instanceID: server.id, on: connection) }
            let settings = try config(for: server, job: job, on: connection)
            if case .object(let object) = settings, case .number(let limit)? = object["max_attempts"] { attemptLimit = max(1, min(10, Int(limit))) }
            let request = ModuleRequest(instance: server.moduleInstance, config: settings, log: log, connection: connection)
            let started = ContinuousClock.now
            switch job.action {
            case .provision:
                let details = try module.create(request)
                try finish(job, log: log, on: connection) {
                    try ServerLifecycle.applyBuild(instanceID: server.id, details: details, actor: .system, secrets: secrets, on: $0, origin: origin)
                }
            case .status:
                log.write("power state: \(try module.status(request))")
                try finish(job, log: log, on: connection) { _ in }
            default:
                try perform(job.action, module: module, request: request)
                try finish(job, log: log, on: connection) { try ServerLifecycle.completed(job, on: $0, origin: origin) }
            }
            log.write("done in \(ContinuousClock.now - started)")
        } catch let handed as HandedToStaff {
            log.write("handed to an admin: task #\(handed.taskID) in the manual queue")
            try? finish(job, log: log, on: connection) { _ in }
        } catch let error as ModuleError {
            record(failure: error.message, retryable: error.retryable && job.attempts < attemptLimit, job: job, log: log, on: connection, origin: origin)
        } catch let error as DomainError {
            record(failure: "\(error)", retryable: false, job: job, log: log, on: connection, origin: origin)
        } catch {
            record(failure: "\(error)", retryable: job.attempts < attemptLimit, job: job, log: log, on: connection, origin: origin)
        }
    }

    private func perform(_ action: ServerAction, module: any ProvisioningModule, request: ModuleRequest) throws {
        switch action {
        case .suspend: try module.suspend(request)
        case .unsuspend: try module.unsuspend(request)
        case .terminate: try module.terminate(request)
        case .reboot: try module.reboot(request)
        case .changePackage: try module.changePackage(request)
        case .changePassword:
            throw ModuleError("Password changes are requested with a new password; none was given.", retryable: false)
        case .provision, .status: break
        }
    }

    /// Applies `body` and marks the job succeeded in one transaction, if the job is still ours.
    private func finish(_ job: Job, log: JobLog, on connection: PostgresConnection, _ body: (PostgresConnection) throws -> Void) throws {
        struct NoLongerOurs: Error {}
        do {
            try connection.transaction { connection in
                try body(connection)
                guard try Jobs.succeed(job, runnerKey: runnerKey, log: log, on: connection) else { throw NoLongerOurs() }
            }
        } catch is NoLongerOurs {
            Log.warning("job \(job.id) was taken over by another runner; its result was not applied")
        }
    }

    private func record(failure: String, retryable: Bool, job: Job, log: JobLog, on connection: PostgresConnection, origin: RequestOrigin) {
        do {
            try connection.transaction { connection in
                let final = try Jobs.fail(job, runnerKey: runnerKey, error: failure, retryable: retryable, log: log, on: connection)
                if final && job.action == .provision {
                    try ServerLifecycle.markFailed(instanceID: job.instanceID, reason: failure, actor: .system, on: connection, origin: origin)
                }
            }
        } catch {
            Log.error("job \(job.id): could not record its failure: \(error)")
        }
    }

    /// The product's module settings, with the job's time limit unless the product sets one.
    private func config(for server: ServerInstance, job: Job, on connection: PostgresConnection) throws -> JSONValue {
        var settings: [String: JSONValue] = [:]
        if let productID = server.productID,
            let text = try connection.query("SELECT module_config::text AS c FROM products WHERE id = $1", [productID]).firstRow?.decode(String.self, "c"),
            case .object(let object)? = JSONValue.parse(text)
        {
            settings = object
        }
        if settings["timeout_seconds"] == nil { settings["timeout_seconds"] = .number(Double(job.timeoutSeconds)) }
        return .object(settings)
    }
}
