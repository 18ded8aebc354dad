@testable import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

/// The server side of the dunning simulation: builds finish at once and queued jobs run as a
/// module that always succeeds would.
enum DunningWorld {
    static func activateNew(on connection: PostgresConnection) throws {
        try connection.query("UPDATE jobs SET status = 'succeeded', finished_at = now() WHERE action = 'provision' AND status = 'queued'")
        try connection.query("UPDATE server_instances SET status = 'active' WHERE status IN ('pending_provisioning', 'provisioning')")
    }

    static func runJobs(on connection: PostgresConnection) throws {
        try connection.query("UPDATE jobs SET run_after = now() WHERE status = 'queued'")
        while let job = try Jobs.take(runnerKey: 9, on: connection) {
            try connection.transaction { connection in
                try ServerLifecycle.completed(job, on: connection, origin: .commandLine)
                _ = try Jobs.succeed(job, runnerKey: 9, log: JobLog(), on: connection)
            }
        }
    }

    /// `count` billing ticks at the same moment on connections of their own, side by side.
    static func concurrentTicks(url: String, at moment: Date, count: Int) throws -> [BillingRunReport] {
        let reports = Mutex<[BillingRunReport]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: count) { _ in
            do {
                let connection = try PostgresConnection(connectionString: url)
                let report = try BillingRun.tick(at: moment, on: connection)
                reports.withLock { $0.append(report) }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        return reports.withLock { $0 }
    }
}
