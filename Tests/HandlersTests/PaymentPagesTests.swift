@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

/// Gateway settings (sealed secrets, shown as hints, 2FA) and the customer's "Pay now" and return
/// page, on a scratch database of their own (gateway settings are global).
@Suite("Payments: gateway settings and the customer's pay and return pages", .serialized)
struct PaymentPagesTests {
    let application = PortalApplication.portal(services: try! TestServices.make())

    func withDatabase(_ body: (PostgresConnection) throws -> Void) throws {
        try TestEnvironment.withScratchDatabase { url in
            let c = try PostgresConnection(connectionString: url)
            _ = try Migrator(connection: c).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
            try body(c)
        }
    }

    func admin(_ c: PostgresConnection) throws -> (InProcessAPI, [String: String]) {
        Fixtures.awayFromStepEnd()
        let (user, totp) = try Fixtures.enrolledStaff(on: c, role: .admin)
        return (try InProcessAPI(application, on: c, as: user), ["X-2FA-Code": try Fixtures.code(totp)])
    }

    @Test("admins enable demo with a secret and a code; the secret is sealed, shown only as a hint and never audited; bad fields are named")
    func settings() throws {
        try withDatabase { c in
            let (reader, _) = try admin(c)
            let listed = try reader.send("GET", "/api/v1/settings/payments").items()
            #expect(listed.map { $0["name"] as? String } == ["demo", "manual", "stripe"] && listed.allSatisfy { $0["enabled"] as? Bool == false })
            #expect(reader.send("PATCH", "/api/v1/settings/payments/demo", json: #"{"enabled":true}"#).status.code == 401)

            var (api, code) = try admin(c)
            #expect(try api.send("PATCH", "/api/v1/settings/payments/demo", object: ["enabled": true, "delay_seconds": 99999, "decline": "maybe"],
                                 headers: code).problemFields(422).sorted() == ["decline", "delay_seconds"])
            (api, code) = try admin(c)
            #expect(api.send("PATCH", "/api/v1/settings/payments/demo", json: #"{"enabled":true}"#, headers: code).status.code == 422,
                    "an enabled demo gateway needs its webhook secret")
            #expect(api.send("PATCH", "/api/v1/settings/payments/nosuch", json: "{}", headers: code).status.code == 404)
            (api, code) = try admin(c)
            let saved = api.send("PATCH", "/api/v1/settings/payments/demo", json: #"{"enabled":true,"webhook_secret":"whsec_secretvalue1234","send_twice":true,"delay_seconds":5}"#,
                                 headers: code)
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(saved.text.contains("…1234") && !saved.text.contains("whsec_secretvalue"))
            let options = try #require(try saved.object()["options"] as? [String: Any])
            #expect(options["send_twice"] as? Bool == true && options["delay_seconds"] as? Int == 5)
            #expect(try PaymentGateways(box: try Fixtures.box()).webhookSecret(of: "demo", on: c) == "whsec_secretvalue1234")
            #expect(try c.query("SELECT 1 FROM payment_gateways WHERE position('secretvalue' in encode(webhook_secret, 'escape')) > 0").isEmpty)
            #expect(try c.query("SELECT 1 FROM audit_log WHERE action = 'payment_gateway.updated' AND after::text NOT LIKE '%secretvalue%'").count == 1)

            let browser = try InProcessBrowser.staff(application, on: c)
            let page = browser.get("/admin/settings/payments")
            #expect(page.status == .ok && page.text.contains("…1234") && !page.text.contains("secretvalue"))
            let changed = browser.post("/admin/settings/payments/demo", [("enabled", "false"), ("enabled", "true"), ("decline", "false"),
                                                                         ("decline", "true"), ("send_twice", "false"), ("delay_seconds", "0"), ("code", try Fixtures.code(browser.totp))])
            #expect(changed.status == .seeOther, "\(changed.text)")
            let demo = try #require(try PaymentGateways.settings(named: "demo", on: c))
            #expect(demo.enabled && demo.flag("decline") && !demo.flag("send_twice") && demo.webhookSecretHint == "…1234")
        }
    }

    @Test("an unpaid invoice offers Pay now with the enabled gateways; the return page says processing (refreshing), then received")
    func payAndReturn() throws {
        try withDatabase { c in
            try PaymentSettingsChange(gateways: PaymentGateways(box: try Fixtures.box()), twoFactor: TwoFactor(box: try Fixtures.box())).enableDemo(on: c)
            let user = try Fixtures.customer(on: c)
            let customer = try InProcessBrowser.signedIn(application, on: c, as: user, totp: TOTP(secret: Array(repeating: 7, count: 20)))
            let product = try Fixtures.product(on: c)
            let order = try OrderPlacement.place(customerID: user.id, lines: [OrderLine(productID: product.id, billingCycle: .monthly)], notes: "",
                                                 on: c, actor: .commandLine, origin: .commandLine)
            let invoiceID = try #require(order.invoiceID)
            let shown = customer.get("/my/invoices/\(invoiceID)")
            #expect(shown.text.contains(#"id="pay-demo""#) && !shown.text.contains(#"id="pay-manual""#))
            #expect(customer.post("/my/invoices/\(invoiceID)/checkout", [("gateway", "manual")]).status.code == 422, "manual is not enabled")
            let started = customer.post("/my/invoices/\(invoiceID)/checkout", [("gateway", "demo")])
            let location = try #require(started.header("Location"))
            #expect(started.status == .seeOther && location.hasPrefix("/pay/demo/cs_demo_"))
            let session = try #require(try c.query("SELECT id FROM checkout_sessions WHERE invoice_id = $1", [invoiceID]).firstRow?.decode(String.self, "id"))

            let processing = customer.get("/my/invoices/\(invoiceID)?checkout=\(session)")
            #expect(processing.text.contains("Processing") && processing.text.contains(#"<meta http-equiv="refresh" content="3">"#))
            let page = application.respond(to: Request(method: "GET", target: location), connection: c)
            #expect(page.status == .ok && page.text.contains("demo-pay-button"))
            try c.query("UPDATE checkout_sessions SET status = 'paid' WHERE id = $1", [session])
            let received = customer.get("/my/invoices/\(invoiceID)?checkout=\(session)")
            #expect(received.text.contains("Payment received") && !received.text.contains("http-equiv"))
            let other = try InProcessBrowser.signedIn(application, on: c, as: try Fixtures.customer(on: c), totp: TOTP(secret: Array(repeating: 7, count: 20)))
            #expect(other.get("/my/invoices/\(invoiceID)?checkout=\(session)").status == .notFound)
            #expect(other.post("/my/invoices/\(invoiceID)/checkout", [("gateway", "demo")]).status == .notFound)
        }
    }
}
