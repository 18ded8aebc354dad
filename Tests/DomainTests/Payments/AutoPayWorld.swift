@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

/// A customer with one paid-for monthly server, its renewal invoice issued by the billing run,
/// and a saved card (made directly, as the "add a card" flow would) chosen for automatic payment.
struct AutoPayWorld {
    let shop: StripeGatewayTests.Shop
    let invoiceID: Int
    let due: CalendarDay
    let serviceID: Int
    let paidUntil: CalendarDay
    var connection: PostgresConnection { shop.connection }
    var fake: StripeFake { shop.fake }

    init(url: String, fake: StripeFake, card: String = "pm_card_visa") throws {
        shop = try StripeGatewayTests.Shop(url: url, fake: fake)
        let connection = shop.connection
        try InvoicePayments.apply(invoiceID: shop.invoice.id, amount: shop.invoice.amountDue, method: "transfer", reference: "order",
                                  actor: .system, at: Date(), on: connection)
        let service = try connection.query("SELECT id, next_due_date FROM server_instances ORDER BY id LIMIT 1")[0]
        serviceID = try service.decode(Int.self, "id")
        paidUntil = try service.decode(CalendarDay.self, "next_due_date")
        let report = try BillingRun.tick(at: AutoPayWorld.moment(paidUntil, plusDays: -3), on: connection)
        #expect(report.invoicesIssued == 1 && report.failures.isEmpty)
        let renewal = try connection.query("SELECT id, due_date FROM invoices WHERE status = 'unpaid' ORDER BY id")
        #expect(renewal.count == 1)
        invoiceID = try renewal[0].decode(Int.self, "id")
        due = try renewal[0].decode(CalendarDay.self, "due_date")
        let customer = try #require(shop.customer.user).id
        try connection.query("INSERT INTO gateway_customers (customer_id, gateway, gateway_customer_id) VALUES (\(customer), 'stripe', 'cus_test_1')")
        try connection.query(
            """
            INSERT INTO saved_payment_methods (customer_id, gateway, gateway_method_id, brand, last4, exp_month, exp_year, auto_pay)
            VALUES (\(customer), 'stripe', \(card), 'visa', '4242', 12, 2030, true)
            """)
    }

    /// 06:00 UTC on `day`, `plusDays` days later, `plusSeconds` seconds later.
    static func moment(_ day: CalendarDay, plusDays: Int = 0, plusSeconds: TimeInterval = 0) -> Date {
        BillingWorld.moment(day).addingTimeInterval(Double(plusDays) * 86_400 + plusSeconds)
    }

    /// One automatic-payment run at `moment`, with the shop's gateways.
    @discardableResult
    func run(at moment: Date, on connection: PostgresConnection? = nil) throws -> AutoPayReport {
        try AutoPay.run(at: moment, gateways: shop.gateways, on: connection ?? self.connection)
    }

    /// The fake's `POST /v1/payment_intents` calls: their idempotency keys, in order.
    func intentCalls() throws -> [String] {
        (try fake.state()["calls"] as? [[String: Any]] ?? []).filter { $0["path"] as? String == "/v1/payment_intents" }
            .map { $0["idempotency_key"] as? String ?? "" }
    }

    /// Charges the fake made (one per new idempotency key).
    func charges() throws -> [[String: Any]] {
        try fake.state()["charges"] as? [[String: Any]] ?? []
    }

    func nextDueDate() throws -> CalendarDay {
        try connection.query("SELECT next_due_date FROM server_instances WHERE id = \(serviceID)")[0].decode(CalendarDay.self, "next_due_date")
    }

    func attempts() throws -> [PostgresRow] {
        try connection.query(
            "SELECT id, attempt, status, failure, retry_on::text AS retry_on, calls, gateway_payment_id FROM payment_attempts ORDER BY attempt"
        ).map { $0 }
    }
}
