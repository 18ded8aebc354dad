@testable import Domain
import Foundation
import Postgres
import TestSupport

/// A migrated scratch database with customers who buy servers on awkward days, and the daily
/// life of a billing department: the tick, payments on time, late, partial and never.
struct BillingWorld {
    enum Habit: CaseIterable { case onTime, late, partial, never }

    let connection: PostgresConnection
    var habits: [Int: Habit] = [:]
    var customers: [Int] = []
    var products: [Int] = []
    /// The staff member who reverts cancellations.
    var staffID = 0

    static let startDays = ["2024-01-31", "2024-02-29", "2024-03-31", "2024-05-31", "2024-08-30", "2024-12-31", "2025-01-31"]

    /// A fresh migrated database at `url` with `customerCount` customers and three products.
    static func make(url: String, customerCount: Int) throws -> BillingWorld {
        let connection = try PostgresConnection(connectionString: url)
        _ = try Migrator(connection: connection).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
        var world = BillingWorld(connection: connection)
        for (index, prices) in [("9.99", "27.99", "99.00", "0"), ("14.95", "41.85", "149.50", "5.00"), ("33.33", "99.99", "333.33", "0.01")]
            .enumerated() {
            var input = ProductInput()
            input.scalars = ["name": "Sim \(index)", "server_type": "vps", "cpu_cores": "2", "ram_gb": "4", "storage_gb": "50",
                             "price_monthly": prices.0, "price_quarterly": prices.1, "price_yearly": prices.2, "setup_fee": prices.3,
                             "provisioning_type": "manual", "provisioning_module": "manual", "is_active": "true"]
            world.products.append(try Products.create(try ProductDraft.validate(input), on: connection, actor: .commandLine, origin: .commandLine).id)
        }
        // Accounts are made directly: the simulation is about billing, not Argon2.
        for index in 0..<customerCount {
            let id = try connection.query(
                "INSERT INTO users (email, name, password_hash, role) VALUES ($1, $2, 'x', 'customer') RETURNING id",
                ["sim\(index)@example.test", "Sim \(index)"])[0].decode(Int.self, "id")
            world.customers.append(id)
            world.habits[id] = Habit.allCases[index % Habit.allCases.count]
        }
        world.staffID = try connection.query(
            "INSERT INTO users (email, name, password_hash, role) VALUES ('staff@example.test', 'Sim staff', 'x', 'admin') RETURNING id")[0]
            .decode(Int.self, "id")
        return world
    }

    /// 06:00 UTC on `day`.
    static func moment(_ day: CalendarDay) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 6))!
    }

    /// Orders placed on `today`: each customer buys on two of the start days, three servers on
    /// three cycles, and pays the order's invoice at once (the order's servers are then made).
    func placeOrders(on today: CalendarDay) throws {
        guard let dayIndex = BillingWorld.startDays.firstIndex(of: today.description) else { return }
        for (index, customer) in customers.enumerated() where index % 3 == dayIndex % 3 || index % 5 == dayIndex % 5 {
            let lines = (0..<3).map { line in
                OrderLine(productID: products[(index + line) % products.count],
                          billingCycle: BillingCycle.allCases[(index + line + dayIndex) % BillingCycle.allCases.count])
            }
            let order = try OrderPlacement.place(customerID: customer, lines: lines, on: connection, actor: .commandLine, origin: .commandLine,
                                                 at: BillingWorld.moment(today))
            let invoice = try Invoices.find(id: order.invoiceID!, on: connection)!
            try InvoicePayments.apply(invoiceID: invoice.id, amount: invoice.amountDue, method: "card", reference: "order \(order.id)",
                                      actor: .commandLine, at: BillingWorld.moment(today), on: connection)
        }
    }

    /// Each customer pays their unpaid invoices the way they do.
    func pay(on today: CalendarDay) throws {
        let open = try connection.query(
            """
            SELECT i.id, i.customer_id, i.due_date, i.amount_due, i.total, (SELECT count(*) FROM payments p WHERE p.invoice_id = i.id) AS paid_times
            FROM invoices i WHERE i.status = 'unpaid' ORDER BY i.id
            """)
        for row in open {
            let due = try row.decode(CalendarDay.self, "due_date")
            let amountDue = try row.decode(Money.self, "amount_due")
            let late = today > due ? daysBetween(due, today) : 0
            var amount: Money?
            switch habits[try row.decode(Int.self, "customer_id")] ?? .never {
            case .onTime: amount = amountDue
            case .late: if late >= 10 { amount = amountDue }
            case .partial:
                if try row.decode(Int.self, "paid_times") == 0, today >= due {
                    amount = Money(cents: max(1, try row.decode(Money.self, "total").cents / 3))
                } else if late >= 30 { amount = amountDue }
            case .never: break
            }
            if let amount, amount.cents > 0 {
                try InvoicePayments.apply(invoiceID: try row.decode(Int.self, "id"), amount: min(amount, amountDue), method: "transfer",
                                          reference: "sim", actor: .commandLine, at: BillingWorld.moment(today), on: connection)
            }
        }
    }

    /// A product change a customer made on a simulated day: per period from `old` to `new`.
    struct Change {
        var day: CalendarDay
        var old: Money
        var new: Money
    }

    /// Every 29th day (from day 11), customers who pay on time move one in five of their services to the
    /// next product (Sim 0 → 1 → 2 are upgrades, 2 → 0 a downgrade); they pay the upgrade invoice the
    /// same day (`pay`). The choice depends only on the day (and on the cancellations asked for, which do
    /// too: a server being cancelled cannot change product), so every way of ticking makes the same changes.
    func changeProducts(on today: CalendarDay, day: Int) throws -> [(service: Int, change: Change)] {
        guard day % 29 == 11 else { return [] }
        let changes = ServiceProductChange(twoFactor: TwoFactor(box: try Fixtures.box()))
        var made: [(service: Int, change: Change)] = []
        for row in try connection.query(
            """
            SELECT id, customer_id, product_id FROM server_instances
            WHERE billing_cycle IS NOT NULL AND cancellation_when IS NULL AND id % 5 = $1 ORDER BY id
            """, [day % 5]) {
            let id = try row.decode(Int.self, "id"), customerID = try row.decode(Int.self, "customer_id")
            guard habits[customerID] == .onTime, let user = try Users.find(id: customerID, on: connection),
                  let index = products.firstIndex(of: try row.decode(Int.self, "product_id")) else { continue }
            try connection.query("UPDATE server_instances SET status = 'active' WHERE id = $1", [id])
            let caller = Caller(user: user, origin: .commandLine, connection: connection)
            let outcome = try changes.request(instanceID: id, productID: products[(index + 1) % products.count], by: caller, code: nil,
                                              at: BillingWorld.moment(today))
            made.append((id, Change(day: today, old: outcome.change.oldAmount, new: outcome.change.newAmount)))
        }
        return made
    }

    func daysBetween(_ from: CalendarDay, _ to: CalendarDay) -> Int {
        Int((BillingWorld.moment(to).timeIntervalSince(BillingWorld.moment(from)) / 86_400).rounded())
    }
}
