@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

/// The billing settings, tax rates and billing details over JSON and as pages, on a scratch
/// database of their own (the settings are global; other suites must not see them change).
@Suite("Billing settings, tax rates and customers' billing details: JSON and pages", .serialized)
struct BillingSettingsAPITests {
    let application = PortalApplication.portal(services: try! TestServices.make())

    /// A new enrolled admin's JSON client and a current code (a new admin per change: each code is accepted once).
    func admin(_ c: PostgresConnection) throws -> (InProcessAPI, [String: String]) {
        Fixtures.awayFromStepEnd()
        let (user, totp) = try Fixtures.enrolledStaff(on: c, role: .admin)
        return (try InProcessAPI(application, on: c, as: user), ["X-2FA-Code": try Fixtures.code(totp)])
    }

    func withDatabase(_ body: (PostgresConnection) throws -> Void) throws {
        try TestEnvironment.withScratchDatabase { url in
            let c = try PostgresConnection(connectionString: url)
            _ = try Migrator(connection: c).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
            try body(c)
        }
    }

    @Test("settings: admins read and change them with a code (audited); bad fields are named and change nothing; staff get 403")
    func settings() throws {
        try withDatabase { c in
            let staff = try InProcessAPI(application, on: c, as: try Fixtures.enrolledStaff(on: c, role: .staff).user)
            #expect(staff.send("GET", "/api/v1/settings/billing").status.code == 403)
            let (reader, _) = try admin(c)
            let shown = try reader.send("GET", "/api/v1/settings/billing").object()
            #expect(shown["time_zone"] as? String == "UTC" && shown["prices_include_tax"] as? Bool == false)
            #expect(reader.send("PATCH", "/api/v1/settings/billing", json: #"{"invoice_prefix":"X-"}"#).status.code == 401)

            var (api, code) = try admin(c)
            let bad = try api.send("PATCH", "/api/v1/settings/billing", object: ["time_zone": "Mars/Base", "lead_days_monthly": 400, "bank_iban": "DE00"],
                                   headers: code).problemFields(422)
            #expect(Set(bad) == ["time_zone", "lead_days_monthly", "bank_iban"])
            #expect(try BillingSettings.load(on: c).zoneName == "UTC")

            (api, code) = try admin(c)
            let saved = try api.send("PATCH", "/api/v1/settings/billing", object: [
                "time_zone": "Europe/Berlin", "prices_include_tax": true, "seller_company": "Acme Hosting GmbH", "seller_country": "DE",
                "bank_iban": "DE89 3704 0044 0532 0130 00", "bank_bic": "COBADEFFXXX", "lead_days_yearly": 30,
            ], headers: code)
            #expect(saved.status == .ok, "\(saved.text)")
            let after = try BillingSettings.load(on: c)
            #expect(after.zoneName == "Europe/Berlin" && after.pricesIncludeTax && after.seller.iban == "DE89370400440532013000"
                    && after.leadDays[.yearly] == 30 && after.invoicePrefix == "INV-")
            #expect(try c.query("SELECT 1 FROM audit_log WHERE action = 'billing_settings.updated'").count == 1)
        }
    }

    @Test("tax rates: unknown country, negative and 4-decimal rates are 422; add, duplicate, change, delete; customers 403")
    func rates() throws {
        try withDatabase { c in
            let customer = try InProcessAPI(application, on: c, as: try Fixtures.customer(on: c))
            #expect(customer.send("GET", "/api/v1/tax-rates").status.code == 403)
            #expect(customer.send("POST", "/api/v1/tax-rates", json: #"{"country":"DE","name":"VAT","rate":"19"}"#).status.code == 403)
            var (api, code) = try admin(c)
            #expect(try api.send("POST", "/api/v1/tax-rates", object: ["country": "XX", "name": "VAT", "rate": "19"], headers: code).problemFields(422) == ["country"])
            #expect(try api.send("POST", "/api/v1/tax-rates", object: ["country": "DE", "name": "VAT", "rate": -1], headers: code).problemFields(422) == ["rate"])
            #expect(try api.send("POST", "/api/v1/tax-rates", object: ["country": "DE", "name": "VAT", "rate": 19.1234], headers: code)
                .problemFields(422) == ["rate"])
            #expect(try c.query("SELECT 1 FROM tax_rates").isEmpty)
            let created = try api.send("POST", "/api/v1/tax-rates", object: ["country": "de", "name": "VAT", "rate": 19], headers: code)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(try created.object()["id"] as? Int)
            #expect(try created.object()["rate"] as? String == "19.000")
            (api, code) = try admin(c)
            #expect(try api.send("POST", "/api/v1/tax-rates", object: ["country": "DE", "name": "MwSt", "rate": 7], headers: code)
                .problemFields(422) == ["country"])
            (api, code) = try admin(c)
            let changed = try api.send("PUT", "/api/v1/tax-rates/\(id)", object: ["country": "DE", "name": "MwSt", "rate": "19.5"], headers: code)
            #expect(try changed.object()["rate"] as? String == "19.500")
            #expect(try api.send("GET", "/api/v1/tax-rates").items().count == 1)
            (api, code) = try admin(c)
            #expect(api.send("DELETE", "/api/v1/tax-rates/\(id)", headers: code).status.code == 204)
            (api, code) = try admin(c)
            #expect(api.send("DELETE", "/api/v1/tax-rates/\(id)", headers: code).status.code == 404)
            #expect(try c.query("SELECT 1 FROM audit_log WHERE target_type = 'tax_rate'").count == 3)
        }
    }

    @Test("billing details: the customer edits their own (not tax-exempt); staff edit any customer's; bad fields are named")
    func details() throws {
        try withDatabase { c in
            let user = try Fixtures.customer(on: c)
            let me = try InProcessAPI(application, on: c, as: user)
            #expect(try me.send("PATCH", "/api/v1/account", object: ["country": "XX", "vat_number": "1"]).problemFields(422).sorted() == ["country", "vat_number"])
            #expect(try me.send("PATCH", "/api/v1/account", object: ["tax_exempt": true]).problemFields(422) == ["tax_exempt"])
            let saved = try me.send("PATCH", "/api/v1/account", object: ["country": "de", "city": "Berlin", "vat_number": "DE 123 456 789"]).object()
            #expect(saved["country"] as? String == "DE" && saved["vat_number"] as? String == "DE123456789" && saved["tax_exempt"] as? Bool == false)
            let staff = try InProcessAPI(application, on: c, as: try Fixtures.enrolledStaff(on: c, role: .staff).user)
            #expect(try staff.send("PATCH", "/api/v1/customers/\(user.id)", object: ["region": "TOOLONG", "version": try Customers.find(id: user.id, on: c)!.version]).problemFields(422) == ["region"])
            let customer = try staff.send("PATCH", "/api/v1/customers/\(user.id)", object: ["tax_exempt": true, "postcode": "10115", "version": try Customers.find(id: user.id, on: c)!.version]).object()
            #expect(customer["tax_exempt"] as? Bool == true && customer["city"] as? String == "Berlin" && customer["postcode"] as? String == "10115")
        }
    }

    @Test("pages: the settings page edits settings and rates with a code; account and customer pages show billing details")
    func pages() throws {
        try withDatabase { c in
            let admin = try InProcessBrowser.staff(application, on: c, role: .admin)
            let page = admin.get("/admin/settings/billing")
            #expect(page.status == .ok && page.text.contains("billing-settings-form") && page.text.contains("No tax rates"))
            let refused = admin.post("/admin/settings/billing", [("time_zone", "Nowhere/Land"), ("code", try Fixtures.code(admin.totp))])
            #expect(refused.status.code == 422 && refused.text.contains("must be a known time zone") && refused.text.contains("Nowhere/Land"))
            let added = admin.post("/admin/settings/billing/tax-rates", [("country", "AT"), ("name", "USt"), ("rate", "20"),
                                                                        ("code", try Fixtures.code(admin.totp, steps: 1))])
            #expect(added.status.code == 303)
            #expect(admin.get("/admin/settings/billing").text.contains("20.000"))
            let staffPage = try InProcessBrowser.staff(application, on: c, role: .staff).get("/admin/settings/billing")
            #expect(staffPage.status.code == 403)

            let user = try Fixtures.customer(on: c)
            let customer = try InProcessBrowser.signedIn(application, on: c, as: user, totp: TOTP(secret: Array(repeating: 7, count: 20)))
            #expect(customer.get("/my/account").text.contains(#"name="vat_number""#))
            #expect(!customer.get("/my/account").text.contains(#"name="tax_exempt""#))
            let wrong = customer.post("/account/profile", [("name", "Ann"), ("country", "XX")])
            #expect(wrong.status.code == 422 && wrong.text.contains("ISO 3166-1"))
            #expect(customer.post("/account/profile", [("name", "Ann"), ("country", "AT"), ("city", "Wien")]).status.code == 303)
            let shown = admin.get("/admin/customers/\(user.id)")
            #expect(shown.text.contains(#"value="Wien""#) && shown.text.contains(#"name="tax_exempt""#))

            // Both invoice pages print the seller, the bank, the buyer and the tax line as issued.
            try c.query("UPDATE billing_settings SET seller_company = 'Acme Hosting GmbH', seller_country = 'DE', bank_iban = 'DE89370400440532013000'")
            let order = try OrderPlacement.place(customerID: user.id, lines: [OrderLine(productID: try Fixtures.product(on: c).id, billingCycle: .monthly)],
                                                 notes: "", on: c, actor: .commandLine, origin: .commandLine)
            let invoiceID = try #require(order.invoiceID)
            for page in [customer.get("/my/invoices/\(invoiceID)"), admin.get("/admin/invoices/\(invoiceID)")] {
                #expect(page.status == .ok)
                for text in ["Acme Hosting GmbH", "DE89370400440532013000", "Wien", "USt 20.000 %", "2.00 EUR", "12.00 EUR"] {
                    #expect(page.text.contains(text), "\(text) missing")
                }
            }
        }
    }
}
