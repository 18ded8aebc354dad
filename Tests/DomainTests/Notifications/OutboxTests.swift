@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("The outbox: one message per event key, written with its change, delivered once with retries, leases and resend")
struct OutboxTests {
    private func draft(_ key: String) -> OutboxDraft {
        OutboxDraft(eventKey: key, recipient: "c@example.test", subject: "Test \(key)", text: "Hello")
    }

    private func migrated(_ url: String) throws -> PostgresConnection {
        let connection = try PostgresConnection(connectionString: url)
        _ = try Migrator(connection: connection).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
        return connection
    }

    private func row(_ key: String, on connection: PostgresConnection) throws -> PostgresRow {
        try connection.query("SELECT status, attempts, provider_message_id, run_after > now() AS later, last_error FROM outbox_messages WHERE event_key = \(key)")[0]
    }

    @Test("the same key twice makes one message; a rolled-back transaction makes none")
    func exactlyOneOrNone() throws {
        try TestEnvironment.withScratchDatabase { url in
            let connection = try migrated(url)
            let written = try connection.transaction { try [Outbox.enqueue(draft("invoice.issued:1"), on: $0), Outbox.enqueue(draft("invoice.issued:1"), on: $0)] }
            #expect(written == [true, false])
            #expect(try !connection.transaction { try Outbox.enqueue(draft("invoice.issued:1"), on: $0) })
            struct Rollback: Error {}
            #expect(throws: Rollback.self) { try connection.transaction { try Outbox.enqueue(draft("invoice.issued:2"), on: $0); throw Rollback() } }
            #expect(try connection.query("SELECT event_key FROM outbox_messages").map { try $0.decode(String.self, "event_key") } == ["invoice.issued:1"])
        }
    }

    @Test("a provider that is down: retried after the backoff, dead after max attempts; resend delivers it once, audited")
    func retriesDeadResend() throws {
        try TestEnvironment.withScratchDatabase { url in
            let connection = try migrated(url)
            try connection.transaction { try Outbox.enqueue(draft("invoice.overdue:7:1"), on: $0) }
            try connection.query("UPDATE outbox_messages SET max_attempts = 2")
            let channel = RecordingChannel()
            channel.failing.store(true, ordering: .sequentiallyConsistent)
            #expect(try Outbox.runNext(channels: [channel], runnerKey: 1, on: connection))
            var state = try row("invoice.overdue:7:1", on: connection)
            #expect(try state.decode(String.self, "status") == "failed" && state.decode(Int.self, "attempts") == 1 && state.decode(Bool.self, "later"))
            #expect(try state.decode(String.self, "last_error").contains("connection refused"))
            #expect(try !Outbox.runNext(channels: [channel], runnerKey: 1, on: connection), "not before its backoff")
            try connection.query("UPDATE outbox_messages SET run_after = now()")
            #expect(try Outbox.runNext(channels: [channel], runnerKey: 1, on: connection))
            state = try row("invoice.overdue:7:1", on: connection)
            #expect(try state.decode(String.self, "status") == "dead" && state.decode(Int.self, "attempts") == 2)
            try connection.query("UPDATE outbox_messages SET run_after = now()")
            #expect(try !Outbox.runNext(channels: [channel], runnerKey: 1, on: connection), "a dead message stays dead")

            let staff = try Fixtures.customer(on: connection)
            try connection.query("UPDATE users SET role = 'staff' WHERE id = \(staff.id)")
            let caller = Caller(user: try #require(try Users.find(id: staff.id, on: connection)), origin: .commandLine, connection: connection)
            let id = try connection.query("SELECT id FROM outbox_messages")[0].decode(Int.self, "id")
            #expect(try Outbox.resend(id: id, for: caller).status == .queued)
            #expect(throws: DomainError.self) { try Outbox.resend(id: id, for: caller) }
            channel.failing.store(false, ordering: .sequentiallyConsistent)
            #expect(try Outbox.runNext(channels: [channel], runnerKey: 1, on: connection))
            #expect(try !Outbox.runNext(channels: [channel], runnerKey: 1, on: connection))
            #expect(channel.eventKeys == ["invoice.overdue:7:1"])
            state = try row("invoice.overdue:7:1", on: connection)
            #expect(try state.decode(String.self, "status") == "sent" && state.decode(String.self, "provider_message_id") == "fake-\(id)")
            #expect(try connection.query("SELECT 1 FROM audit_log WHERE action = 'outbox.resend' AND target_id = \(String(id))").count == 1)
            let customer = Caller(user: try Fixtures.customer(on: connection), origin: .commandLine, connection: connection)
            #expect(throws: DomainError.self) { try Outbox.list(status: nil, page: PageRequest(), for: customer) }
        }
    }

    @Test("a runner killed mid-delivery: the message is taken again once its lease expired, with the same Message-ID")
    func leaseExpiry() throws {
        try TestEnvironment.withScratchDatabase { url in
            let connection = try migrated(url)
            try connection.transaction { try Outbox.enqueue(draft("invoice.issued:812"), on: $0) }
            // What `kill -9` during delivery leaves behind: taken by runner 7, lease running.
            try connection.query("UPDATE outbox_messages SET status = 'sending', attempts = 1, locked_by = 7, lease_until = now() + interval '1 hour'")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let email = EmailChannel(mailDirectory: directory, box: try Fixtures.box())
            #expect(try !Outbox.runNext(channels: [email], runnerKey: 8, on: connection), "not while the lease runs")
            try connection.query("UPDATE outbox_messages SET lease_until = now() - interval '1 second'")
            #expect(try Outbox.runNext(channels: [email], runnerKey: 8, on: connection))
            let state = try row("invoice.issued:812", on: connection)
            #expect(try state.decode(String.self, "status") == "sent" && state.decode(Int.self, "attempts") == 2)
            let eml = try String(contentsOfFile: directory + "/invoice.issued_812.eml", encoding: .utf8)
            #expect(eml.contains("\r\nMessage-ID: <invoice.issued/812@portal.invalid>\r\n"))
            // The killed runner cannot record anything any more.
            try connection.query("UPDATE outbox_messages SET status = 'sending' WHERE locked_by = 7")
            #expect(try row("invoice.issued:812", on: connection).decode(String.self, "status") == "sent")
        }
    }

    @Test("four runners at once deliver each of 40 messages exactly once")
    func concurrentRunners() throws {
        try TestEnvironment.withScratchDatabase { url in
            let connection = try migrated(url)
            try connection.transaction { connection in
                for index in 0..<40 { try Outbox.enqueue(draft("payment.received:\(index)"), on: connection) }
            }
            let channel = RecordingChannel()
            let threads = (1...4).map { runner in
                Thread {
                    guard let own = try? PostgresConnection(connectionString: url) else { return }
                    while (try? Outbox.runNext(channels: [channel], runnerKey: Int64(runner), on: own)) == true {}
                }
            }
            threads.forEach { $0.start() }
            while threads.contains(where: { !$0.isFinished }) { usleep(20_000) }
            #expect(channel.eventKeys.count == 40 && Set(channel.eventKeys).count == 40)
            #expect(try connection.query("SELECT count(*) AS n FROM outbox_messages WHERE status = 'sent' AND attempts = 1")[0].decode(Int.self, "n") == 40)
        }
    }
}
