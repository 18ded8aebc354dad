import Foundation
import Postgres

/// A few months of real billing for the demo customer (`vpsctl seed`), made by the same use cases
/// a company's months would go through: an order placed and paid months ago, the billing run day
/// by day since, each renewal paid on its due date. The history starts a week after the day
/// `months` ago, so the newest renewal (due in a week) is open: a newcomer sees an unpaid invoice
/// and the amount-due banner.
public enum DemoBillingHistory {
    /// Orders `productIDs` (one server each, monthly) for `customerID` `months` less a week before `now`, then
    /// runs the billing tick once a day up to `now`; returns how many invoices the customer has.
    @discardableResult
    public static func make(customerID: Int, productIDs: [Int], months: Int, now: Date = Date(), on connection: PostgresConnection) throws -> Int {
        let settings = try BillingSettings.load(on: connection)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone
        let start = settings.today(at: calendar.date(byAdding: DateComponents(month: -months, day: 7), to: now)!)
        var moment = calendar.date(from: DateComponents(year: start.year, month: start.month, day: start.day, hour: 9))!
        let order = try OrderPlacement.place(
            customerID: customerID, lines: productIDs.map { OrderLine(productID: $0, billingCycle: .monthly) }, notes: "Demo history",
            on: connection, actor: .system, origin: .commandLine, at: moment)
        if let invoiceID = order.invoiceID, let invoice = try Invoices.find(id: invoiceID, on: connection), invoice.status == .unpaid {
            try InvoicePayments.apply(invoiceID: invoiceID, amount: invoice.amountDue, method: "bank_transfer", reference: "demo",
                                      actor: .system, at: moment, on: connection)
        }
        while moment < now {
            try BillingRun.tick(at: moment, on: connection)
            let day = settings.today(at: moment)
            for row in try connection.query(
                "SELECT id, amount_due FROM invoices WHERE customer_id = $1 AND status = 'unpaid' AND due_date <= $2 ORDER BY id",
                [customerID, day]) {
                try InvoicePayments.apply(invoiceID: try row.decode(Int.self, "id"), amount: try row.decode(Money.self, "amount_due"),
                                          method: "bank_transfer", reference: "demo", actor: .system, at: moment, on: connection)
            }
            moment = moment.addingTimeInterval(86_400)
        }
        try BillingRun.tick(at: now, on: connection)
        return try connection.query("SELECT count(*) AS n FROM invoices WHERE customer_id = $1", [customerID])[0].decode(Int.self, "n")
    }
}
