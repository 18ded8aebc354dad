@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Webhook subscriptions: input checked field by field, admins only, SSRF rules for every address")
struct WebhookSubscriptionTests {
    @Test("bad URLs and unknown events are refused naming the field, and nothing is written; staff and customers cannot subscribe")
    func refusals() throws {
        try TestEnvironment.withScratchDatabase { url in
            let connection = try PostgresConnection(connectionString: url)
            _ = try Migrator(connection: connection).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
            let admin = Caller(user: try Fixtures.enrolledStaff(on: connection, role: .admin).user, origin: .commandLine, connection: connection)
            let subscriptions = WebhookSubscriptions(box: try Fixtures.box())
            for (url, events, field) in [("ftp://example.com/x", ["*"], "url"), ("https://user:pw@example.com/", ["*"], "url"), ("", ["*"], "url"),
                                         ("https://example.com/", ["order.exploded"], "events"), ("https://example.com/", [], "events")] {
                do {
                    _ = try subscriptions.create(url: url, events: events, by: admin)
                    Issue.record("\(url) \(events) was accepted")
                } catch DomainError.validation(let issues) {
                    #expect(issues.map(\.field) == [field])
                }
            }
            let staff = Caller(user: try Fixtures.enrolledStaff(on: connection, role: .staff).user, origin: .commandLine, connection: connection)
            #expect(throws: DomainError.self) { try subscriptions.create(url: "https://example.com/", events: ["*"], by: staff) }
            #expect(try WebhookSubscriptions.list(page: PageRequest(), for: staff).items.isEmpty)
            let customer = Caller(user: try Fixtures.customer(on: connection), origin: .commandLine, connection: connection)
            #expect(throws: DomainError.self) { try WebhookSubscriptions.list(page: PageRequest(), for: customer) }
            #expect(try connection.query("SELECT 1 FROM webhook_subscriptions").isEmpty)
            let made = try subscriptions.create(url: "https://example.com/hook", events: ["order.paid", "order.paid", "invoice.paid"], by: admin)
            #expect(made.events == ["invoice.paid", "order.paid"])
            let sealed = try connection.query("SELECT secret_sealed FROM webhook_subscriptions")[0].decode(PostgresBytes.self, "secret_sealed")
            #expect(!String(decoding: sealed.bytes, as: UTF8.self).contains(made.secret ?? "?"), "stored sealed")
        }
    }

    @Test("loopback, private, link-local, unspecified, multicast and mapped addresses are refused; a name resolving to loopback too")
    func ssrf() throws {
        for target in ["http://127.0.0.1:8080/", "http://10.1.2.3/", "http://169.254.169.254/latest", "http://[::1]:9/", "http://0.0.0.0/",
                       "http://localhost:9/", "http://192.168.1.1/", "http://172.16.0.1/", "http://100.64.0.1/", "http://224.0.0.1/",
                       "http://[fe80::1]/", "http://[fc00::1]/", "http://[::ffff:127.0.0.1]/", "http://[ff02::1]/"] {
            #expect(throws: PermanentDeliveryFailure.self, "\(target)") { try WebhookTarget.resolve(url: target, allowPrivate: false) }
        }
        #expect(try WebhookTarget.resolve(url: "http://localhost:9/", allowPrivate: true).pinned.contains { $0 == "127.0.0.1" || $0 == "::1" })
        #expect(try WebhookTarget.resolve(url: "https://93.184.216.34/", allowPrivate: false).pinned.isEmpty, "a public literal: no lookup")
        #expect(WebhookTarget.isPublic("2606:4700::1111") && WebhookTarget.isPublic("8.8.8.8") && !WebhookTarget.isPublic("not an address"))
        let pinned = WebhookTarget(host: "hooks.example", port: 443, pinned: ["203.0.113.9", "2001:db8::1"])
        #expect(pinned.resolveEntry == "hooks.example:443:203.0.113.9,[2001:db8::1]")
    }
}
