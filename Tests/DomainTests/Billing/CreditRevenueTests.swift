@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Revenue with customer credit")
struct CreditRevenueTests {
    func revenueThisMonth(_ connection: PostgresConnection) throws -> Money {
        try Orders.stats(today: try BillingSettings.load(on: connection).today(at: Date()), currency: "EUR", on: connection).revenueThisMonth
    }


    @Test("revenue counts money received once: an overpayment's excess when it comes in, not the credit applied later")
    func revenueCountsCreditOnce() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 1)
            let connection = world.connection, customer = world.customers[0]
            let line = OrderLine(productID: world.products[0], billingCycle: .monthly)  // 9.99, no setup fee
            let first = try OrderPlacement.place(customerID: customer, lines: [line], on: connection, actor: .system, origin: .commandLine)
            #expect(try revenueThisMonth(connection) == .zero)
            try InvoicePayments.apply(invoiceID: first.invoiceID!, amount: Money("20.00")!, method: "bank", reference: "", actor: .system,
                                      at: Date(), on: connection)
            #expect(try revenueThisMonth(connection) == Money("20.00"))
            try connection.query("INSERT INTO credit_entries (customer_id, amount, kind, reason) VALUES ($1, 5.00, 'staff', 'goodwill')", [customer])
            let second = try OrderPlacement.place(customerID: customer, lines: [line], on: connection, actor: .system, origin: .commandLine)
            let invoice = try #require(try Invoices.find(id: second.invoiceID!, on: connection))
            #expect(invoice.status == .paid && invoice.payments.map(\.method) == ["credit"])
            #expect(try revenueThisMonth(connection) == Money("20.00"))
            #expect(try CreditLedger.balance(customerID: customer, currency: "EUR", on: connection) == Money("5.02"))
        }
    }
}
