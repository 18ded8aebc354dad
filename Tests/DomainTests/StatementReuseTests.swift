import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Stores reuse their prepared statements")
struct StatementReuseTests {
    private struct RollBack: Error {}

    @Test("audit rows and session events prepare their statements once, NULLs or not")
    func auditAndSessionLog() throws {
        let connection = try TestEnvironment.connect()
        func preparedCount() throws -> Int {
            try connection.query("SELECT count(*) AS n FROM pg_prepared_statements")[0].decode(Int.self, "n")
        }
        let email = "reuse-\(UUID().uuidString.lowercased())@example.com"
        // Everything written rolls back; the statements stay prepared on the session.
        func write(_ index: Int) throws {
            #expect(throws: RollBack.self) {
                try connection.transaction { connection in
                    try AuditLog.record(
                        on: connection, actor: .system, action: "test.reuse", targetType: "test", targetID: String(index),
                        before: index.isMultiple(of: 2) ? nil : ["n": index], after: ["n": index + 1], origin: .commandLine)
                    try SessionLog.record(
                        on: connection, .loginFailed, email: email, origin: .commandLine, detail: "attempt \(index)",
                        verifier: index.isMultiple(of: 2) ? nil : .password)
                    throw RollBack()
                }
            }
        }
        try write(0)
        try write(1)
        _ = try preparedCount()
        let prepared = try preparedCount()
        for index in 2..<10 { try write(index) }
        #expect(try preparedCount() == prepared)
    }
}
