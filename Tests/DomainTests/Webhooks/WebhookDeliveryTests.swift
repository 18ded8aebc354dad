@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Outgoing webhooks: signed deliveries through the outbox, once per event and subscription, retries, dead, redeliver, disabling", .serialized)
struct WebhookDeliveryTests {
    @Test("a subscribed event arrives signed with the subscription's secret; the same event again is not delivered twice")
    func signedOnce() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try WebhookWorld(url: url)
            defer { world.receiver.stop() }
            let subscription = try world.subscribe(["order.created"])
            #expect(subscription.secret?.hasPrefix("whsec_") == true)
            #expect(try WebhookSubscriptions.find(id: subscription.id, for: world.admin).secret == nil, "the secret is shown once")
            try world.emit("order.created", key: "42")
            try world.emit("order.created", key: "42")
            try world.emit("invoice.issued", key: "42")  // not subscribed
            #expect(try world.drain() == 1)
            let got = try world.deliveries()
            #expect(got.count == 1)
            let headers = try #require(got.first?["headers"] as? [String: String])
            #expect(got.first?["verified"] as? Bool == true, "the receiver verified X-VPS-Signature")
            #expect(headers["x-vps-event-id"] == "order.created:42" && headers["x-vps-delivery"] == "order.created:42")
            #expect(headers["x-vps-event"] == "order.created")
            let body = try #require(try JSONSerialization.jsonObject(with: Data((got.first?["body"] as? String ?? "").utf8)) as? [String: Any])
            #expect(body["id"] as? String == "order.created:42" && body["type"] as? String == "order.created" && body["created"] is Int)
            #expect((body["data"] as? [String: Any])?["id"] as? Int == 42)
            let log = try WebhookSubscriptions.deliveries(of: subscription.id, page: PageRequest(), for: world.admin).items
            #expect(log.count == 1 && log.first?.status == 200 && log.first?.headers.contains("X-VPS-Signature: t=") == true)
        }
    }

    @Test("receiver down: retried, dead after the last attempt (each attempt logged, its body cut to 2 KB); redeliver delivers once, same event id")
    func downDeadRedeliver() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try WebhookWorld(url: url)
            defer { world.receiver.stop() }
            let subscription = try world.subscribe(["*"])
            try world.mode("fail")
            try world.emit("invoice.paid", key: "7")
            try world.connection.query("UPDATE outbox_messages SET max_attempts = 2")
            #expect(try world.drain() == 1)
            #expect(try world.connection.query("SELECT status FROM outbox_messages")[0].decode(String.self, "status") == "failed")
            try world.due()
            #expect(try world.drain() == 1)
            #expect(try world.connection.query("SELECT status FROM outbox_messages")[0].decode(String.self, "status") == "dead")
            let log = try WebhookSubscriptions.deliveries(of: subscription.id, page: PageRequest(), for: world.admin).items
            #expect(log.map(\.status) == [500, 500] && log.allSatisfy { $0.responseBody.utf8.count == 2048 })
            try world.mode("ok")
            #expect(try WebhookSubscriptions.redeliver(id: subscription.id, eventID: "invoice.paid:7", by: world.admin) == "invoice.paid:7")
            #expect(try world.drain() == 1)
            try world.due()
            #expect(try world.drain() == 0)
            let got = try world.deliveries()
            #expect(got.count == 3)
            let ok = got.filter { ($0["headers"] as? [String: String])?["x-vps-event-id"] == "invoice.paid:7" }
            #expect(ok.count == 3 && got.last?["verified"] as? Bool == true)
            #expect(got.map { $0["body"] as? String ?? "" } == Array(repeating: got[0]["body"] as? String ?? "", count: 3), "the same body each time")
            #expect(throws: DomainError.self) { try WebhookSubscriptions.redeliver(id: subscription.id, eventID: "invoice.paid:8", by: world.admin) }
            let ping = try WebhookSubscriptions.ping(id: subscription.id, by: world.admin)
            #expect(try world.drain() == 1)
            #expect(try world.deliveries().last.flatMap { ($0["headers"] as? [String: String])?["x-vps-event-id"] } == ping)
        }
    }

    @Test("N consecutive failed attempts disable the subscription, flag it and email the admins; nothing more is queued for it")
    func disabledAfterFailures() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try WebhookWorld(url: url)
            defer { world.receiver.stop() }
            try world.connection.query("UPDATE webhook_settings SET max_consecutive_failures = 3")
            let subscription = try world.subscribe(["server.suspended"])
            try world.mode("fail")
            try world.emit("server.suspended", key: "1:2")
            for _ in 0..<3 {
                try world.due()
                try world.drain()
            }
            let after = try WebhookSubscriptions.find(id: subscription.id, for: world.admin)
            #expect(!after.enabled && after.consecutiveFailures == 3 && after.disabledReason.contains("3 consecutive"))
            #expect(try world.connection.query("SELECT status FROM outbox_messages WHERE channel = 'webhook'")[0].decode(String.self, "status") == "failed")
            let notices = try world.connection.query("SELECT recipient FROM outbox_messages WHERE event_key LIKE 'webhook.disabled:%'")
            #expect(try notices.map { try $0.decode(String.self, "recipient") } == [world.admin.user?.email ?? ""])
            try world.due()
            try world.mode("ok")
            try world.drain()
            #expect(try world.connection.query("SELECT status FROM outbox_messages WHERE channel = 'webhook'")[0].decode(String.self, "status") == "dead",
                    "a disabled subscription's queued delivery fails for good")
            try world.emit("server.suspended", key: "1:3")
            #expect(try world.connection.query("SELECT 1 FROM outbox_messages WHERE channel = 'webhook'").count == 1, "nothing new for it")
            #expect(try WebhookSubscriptions.enable(id: subscription.id, by: world.admin).enabled)
            try world.emit("server.suspended", key: "1:4")
            #expect(try world.drain() == 1)
            #expect(try world.deliveries().filter { $0["verified"] as? Bool == true }.count == 4)
        }
    }

    @Test("private targets are refused unless allowed: the delivery is dead at once, nothing sent, the refusal logged")
    func privateTargetRefused() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try WebhookWorld(url: url, allowPrivate: false)
            defer { world.receiver.stop() }
            let subscription = try world.subscribe(["customer.created"])
            _ = try Fixtures.customer(on: world.connection)  // customer.created, in the transaction that made the customer
            #expect(try world.drain() == 1)
            #expect(try world.deliveries().isEmpty)
            #expect(try world.connection.query("SELECT status FROM outbox_messages WHERE channel = 'webhook'")[0].decode(String.self, "status") == "dead")
            let log = try WebhookSubscriptions.deliveries(of: subscription.id, page: PageRequest(), for: world.admin).items
            #expect(log.count == 1 && log.first?.status == nil && log.first?.error.contains("not allowed") == true)
        }
    }

    @Test("unsubscribing: nothing is queued for it any more, and it is gone from the list")
    func unsubscribe() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try WebhookWorld(url: url)
            defer { world.receiver.stop() }
            let subscription = try world.subscribe(["*"])
            try WebhookSubscriptions.delete(id: subscription.id, by: world.admin)
            try world.emit("order.paid", key: "1")
            #expect(try world.drain() == 0)
            #expect(try WebhookSubscriptions.list(page: PageRequest(), for: world.admin).items.isEmpty)
            #expect(throws: DomainError.self) { try WebhookSubscriptions.find(id: subscription.id, for: world.admin) }
        }
    }
}
