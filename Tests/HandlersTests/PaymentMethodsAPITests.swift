@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

/// `/api/v1/payment-methods`: bad input is a 4xx naming the field and changes nothing; another
/// customer's card is 404; staff read a customer's cards. (Adding and removing through Stripe:
/// `SavedCardsTests` and `Tests/system/test_saved_cards.py`.)
@Suite("Payments: saved cards over JSON", .serialized)
struct PaymentMethodsAPITests {
    let application = PortalApplication.portal(services: try! TestServices.make())

    @Test("list, choose for auto-pay, bad input 422 naming the field, others' cards 404, staff read-only list")
    func json() throws {
        try TestEnvironment.withScratchDatabase { url in
            let c = try PostgresConnection(connectionString: url)
            _ = try Migrator(connection: c).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
            let (a, b) = (try Fixtures.customer(on: c), try Fixtures.customer(on: c))
            let cardID = try c.query(
                """
                INSERT INTO saved_payment_methods (customer_id, gateway, gateway_method_id, brand, last4, exp_month, exp_year)
                VALUES (\(a.id), 'stripe', 'pm_api_test', 'visa', '4242', 12, 2034) RETURNING id
                """)[0].decode(Int.self, "id")
            let owner = try InProcessAPI(application, on: c, as: a), other = try InProcessAPI(application, on: c, as: b)

            #expect(try owner.send("GET", "/api/v1/payment-methods").items().map { $0["last4"] as? String } == ["4242"])
            #expect(try other.send("GET", "/api/v1/payment-methods").items().isEmpty)
            #expect(try owner.send("POST", "/api/v1/payment-methods/setup", json: "{}").problemFields(422) == ["gateway"])
            #expect(try owner.send("POST", "/api/v1/payment-methods/setup", object: ["gateway": "demo"]).problemFields(422) == ["gateway"])
            #expect(try owner.send("PATCH", "/api/v1/payment-methods/\(cardID)", object: ["auto_pay": "yes"]).problemFields(422) == ["auto_pay"])
            let refused = try other.send("PATCH", "/api/v1/payment-methods/\(cardID)", object: ["auto_pay": true])
            #expect(refused.status == .notFound)
            #expect(other.send("DELETE", "/api/v1/payment-methods/\(cardID)").status == .notFound)
            #expect(try c.query("SELECT 1 FROM saved_payment_methods WHERE auto_pay OR status <> 'active'").isEmpty, "nothing changed")

            let chosen = try owner.send("PATCH", "/api/v1/payment-methods/\(cardID)", object: ["auto_pay": true])
            let chosenFields = try chosen.object()
            #expect(chosen.status == .ok && chosenFields["auto_pay"] as? Bool == true)
            let (staff, _) = try Fixtures.enrolledStaff(on: c, role: .staff)
            let staffAPI = try InProcessAPI(application, on: c, as: staff)
            let listed = try staffAPI.send("GET", "/api/v1/customers/\(a.id)/payment-methods").items()
            #expect(listed.map { $0["auto_pay"] as? Bool } == [true])
            #expect(staffAPI.send("GET", "/api/v1/customers/999999999/payment-methods").status == .notFound)
        }
    }
}
