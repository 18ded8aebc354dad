@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

/// `/admin/outbox…` and `/admin/settings/notifications`: the pages of the outbox JSON routes.
@Suite("Notifications: the outbox pages and the notification settings form", .serialized)
struct OutboxPagesTests {
    let application = PortalApplication.portal(services: try! TestServices.make())

    func withDatabase(_ body: (PostgresConnection) throws -> Void) throws {
        try TestEnvironment.withScratchDatabase { url in
            let c = try PostgresConnection(connectionString: url)
            _ = try Migrator(connection: c).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
            try body(c)
        }
    }

    @Test("staff list by status and read a message escaped (HTML only as source) with its headers; a dead one is sent again, a queued one is refused")
    func outbox() throws {
        try withDatabase { c in
            try c.transaction { connection in
                _ = try Outbox.enqueue(OutboxDraft(eventKey: "invoice.issued:41", recipient: "ann@example.test", recipientName: "Ann <Admin>",
                                                   subject: "Invoice <b>1</b>", text: "Pay <script>alert(1)</script> here",
                                                   html: "<p onclick=\"x()\">Hi<script>alert(2)</script></p>"), on: connection)
                _ = try Outbox.enqueue(OutboxDraft(eventKey: "payment.received:9", recipient: "bob@example.test", subject: "Thanks", text: "ok"), on: connection)
            }
            try c.query("UPDATE outbox_messages SET status = 'dead', attempts = 8, last_error = 'connection refused' WHERE event_key = 'invoice.issued:41'")
            let dead = try c.query("SELECT id FROM outbox_messages WHERE event_key = 'invoice.issued:41'")[0].decode(Int.self, "id")
            let queued = try c.query("SELECT id FROM outbox_messages WHERE event_key = 'payment.received:9'")[0].decode(Int.self, "id")
            let staff = try InProcessBrowser.staff(application, on: c, role: .staff)

            let all = staff.get("/admin/outbox")
            #expect(all.status == .ok && all.text.contains("invoice.issued:41") && all.text.contains("payment.received:9") && all.text.contains("connection refused"))
            #expect(all.text.range(of: "payment.received:9")!.lowerBound < all.text.range(of: "invoice.issued:41")!.lowerBound, "newest first")
            let filtered = staff.get("/admin/outbox?status=dead")
            #expect(filtered.text.contains("invoice.issued:41") && !filtered.text.contains("payment.received:9"))
            let bad = staff.get("/admin/outbox?status=lost")
            #expect(bad.status.code == 422 && bad.text.contains("status must be one of"))

            let shown = staff.get("/admin/outbox/\(dead)")
            #expect(shown.status == .ok)
            #expect(!shown.text.contains("<script>alert") && shown.text.contains("&lt;script&gt;alert(1)") && shown.text.contains("&lt;script&gt;alert(2)"))
            #expect(!shown.text.contains("<p onclick") && !shown.text.contains("<iframe"))
            #expect(shown.text.contains("&lt;invoice.issued/41@") && shown.text.contains("Invoice &lt;b&gt;1&lt;/b&gt;"), "the Message-ID and subject headers")
            #expect(shown.text.contains(#"id="resend-form""#))
            #expect(!staff.get("/admin/outbox/\(queued)").text.contains(#"id="resend-form""#))

            let resent = staff.post("/admin/outbox/\(dead)/resend")
            #expect(resent.status == .seeOther && resent.header("Location") == "/admin/outbox/\(dead)?resent=1")
            #expect(try c.query("SELECT status FROM outbox_messages WHERE id = \(dead)")[0].decode(String.self, "status") == "queued")
            #expect(try c.query("SELECT 1 FROM audit_log WHERE action = 'outbox.resend'").count == 1)
            let refused = staff.post("/admin/outbox/\(queued)/resend")
            #expect(refused.status.code == 409 && refused.text.contains("only a sent or dead message"))
            #expect(staff.get("/admin/outbox/999999").status.code == 404)
        }
    }

    @Test("admins change the transport with a code; the password is write-only (kept when empty, removed when asked); bad fields are named, nothing changes")
    func settings() throws {
        try withDatabase { c in
            // A code is good once: each change is made by a newly enrolled admin.
            func admin() throws -> InProcessBrowser { try InProcessBrowser.staff(application, on: c) }
            let reader = try admin()
            #expect(reader.get("/admin/settings/notifications").text.contains(#"<span id="password-state">not set</span>"#))
            let fields: [(String, String)] = [("transport", "smtp"), ("smtp_host", "mail.example.test"), ("smtp_port", "2525"),
                                              ("smtp_security", "starttls"), ("smtp_username", "portal"), ("smtp_password", "hunter2secret"),
                                              ("from_name", "Portal"), ("from_address", "billing@example.test"), ("portal_url", "https://portal.example.test")]
            #expect(reader.post("/admin/settings/notifications", fields).status.code == 401, "a change needs a code")
            var browser = try admin()
            let saved = browser.post("/admin/settings/notifications", fields + [("code", try Fixtures.code(browser.totp))])
            #expect(saved.status == .seeOther, "\(saved.text)")
            var stored = try NotificationSettings.load(on: c)
            #expect(stored.transport == .smtp && stored.smtpHost == "mail.example.test" && stored.smtpPort == 2525 && stored.hasPassword)
            let page = browser.get("/admin/settings/notifications?saved=1")
            #expect(page.text.contains(#"<span id="password-state">set</span>"#) && !page.text.contains("hunter2secret"))

            browser = try admin()
            let bad = browser.post("/admin/settings/notifications", [("transport", "smtp"), ("smtp_port", "99999"), ("from_address", "not an address"),
                                                                   ("smtp_password", "other-secret"), ("code", try Fixtures.code(browser.totp))])
            #expect(bad.status.code == 422 && bad.text.contains("must be a port") && bad.text.contains("not a valid email address"))
            #expect(!bad.text.contains("other-secret"))
            #expect(try NotificationSettings.load(on: c) == stored, "nothing changed")

            browser = try admin()
            let kept = browser.post("/admin/settings/notifications", [("transport", "file"), ("smtp_password", ""), ("code", try Fixtures.code(browser.totp))])
            #expect(kept.status == .seeOther)
            stored = try NotificationSettings.load(on: c)
            #expect(stored.transport == .file && stored.hasPassword, "an empty password field keeps the password")
            browser = try admin()
            #expect(browser.post("/admin/settings/notifications", [("clear_password", "true"), ("code", try Fixtures.code(browser.totp))]).status == .seeOther)
            #expect(try !NotificationSettings.load(on: c).hasPassword)

            let staff = try InProcessBrowser.staff(application, on: c, role: .staff)
            #expect(staff.get("/admin/settings/notifications").status.code == 403)
        }
    }
}
