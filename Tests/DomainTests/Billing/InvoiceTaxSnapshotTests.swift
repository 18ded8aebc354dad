@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Invoices get their tax and a snapshot of seller and buyer at issue, and never change afterwards")
struct InvoiceTaxSnapshotTests {
    func order(_ world: BillingWorld, customer: Int) throws -> Invoice {
        let order = try OrderPlacement.place(customerID: customer, lines: [OrderLine(productID: world.products[1], billingCycle: .monthly)],
                                             on: world.connection, actor: .commandLine, origin: .commandLine,
                                             at: BillingWorld.moment(CalendarDay("2026-03-10")!))
        let id = try #require(order.invoiceID)
        return try #require(try Invoices.find(id: id, on: world.connection))
    }

    @Test("region overrides country; exempt and reverse charge pay none; inclusive prices keep the total; later edits change no old invoice")
    func taxAndSnapshot() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 4)
            let c = world.connection
            let (berlin, california, texas, paris) = (world.customers[0], world.customers[1], world.customers[2], world.customers[3])
            try c.query("UPDATE billing_settings SET seller_company = 'Acme Hosting GmbH', seller_country = 'DE', bank_iban = 'DE89370400440532013000'")
            try c.query("INSERT INTO tax_rates (country, region, name, rate) VALUES ('DE', '', 'VAT', 19), ('US', '', 'Sales tax', 5), ('US', 'CA', 'Sales tax', 7.25)")
            try c.query("UPDATE users SET country = 'DE', city = 'Berlin', company = 'Kunde AG' WHERE id = \(berlin)")
            try c.query("UPDATE users SET country = 'US', region = 'CA' WHERE id = \(california)")
            try c.query("UPDATE users SET country = 'US', region = 'TX' WHERE id = \(texas)")
            try c.query("UPDATE users SET country = 'FR', vat_number = 'FR12345678901' WHERE id = \(paris)")

            // Items: 14.95 monthly + 5.00 setup = 19.95.
            let de = try order(world, customer: berlin)
            #expect(de.subtotal == Money("19.95")! && de.tax == Money("3.79")! && de.total == Money("23.74")! && de.amountDue == de.total)
            #expect(de.taxName == "VAT" && de.taxRate == TaxPercent("19")! && de.seller.company == "Acme Hosting GmbH")
            #expect(de.buyer.company == "Kunde AG" && de.buyer.details.city == "Berlin" && de.buyer.details.country == "DE")
            #expect(try order(world, customer: california).tax == Money("1.45")!)   // 7.25 % of 19.95 = 1.446…
            #expect(try order(world, customer: texas).tax == Money("1.00")!)        // the country's 5 %: 0.9975
            let fr = try order(world, customer: paris)
            #expect(fr.tax == .zero && fr.taxNote == "Reverse charge" && fr.total == Money("19.95")!)

            // Inclusive prices: the items are the total; subtotal is net.
            try c.query("UPDATE billing_settings SET prices_include_tax = true")
            let gross = try order(world, customer: berlin)
            #expect(gross.total == Money("19.95")! && gross.tax == Money("3.19")! && gross.subtotal == Money("16.76")! && gross.pricesIncludeTax)

            // Everything changes afterwards; the old invoice does not.
            try c.query("UPDATE billing_settings SET seller_company = 'New Name Ltd', prices_include_tax = false, bank_iban = ''")
            try c.query("UPDATE tax_rates SET rate = 21 WHERE country = 'DE'")
            try c.query("UPDATE users SET country = 'AT', city = 'Wien', company = 'Andere GmbH', tax_exempt = true WHERE id = \(berlin)")
            let again = try #require(try Invoices.find(id: de.id, on: c))
            #expect(again == de)
            #expect(try order(world, customer: berlin).taxNote == "Tax exempt")
            // And the database refuses to change an issued invoice's amounts or parties.
            #expect(throws: PostgresError.self) { try c.query("UPDATE invoices SET tax = 0, total = subtotal WHERE id = \(de.id)") }
            #expect(throws: PostgresError.self) { try c.query("UPDATE invoices SET buyer = '{}' WHERE id = \(de.id)") }
            try InvoicePayments.apply(invoiceID: de.id, amount: de.total, method: "card", reference: "", actor: .commandLine, at: Date(), on: c)
            #expect(try Invoices.find(id: de.id, on: c)?.status == .paid, "paying still moves its status and amount due")
        }
    }
}
