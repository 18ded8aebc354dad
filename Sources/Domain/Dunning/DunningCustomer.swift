import Foundation
import Postgres

/// A customer's dunning terms: extra grace days before suspension, or exempt from suspension and
/// termination (reminders and notices still go out). Staff set them on the customer's billing tab.
public struct DunningCustomer: Sendable, Equatable, Encodable {
    public var customerID: Int
    public var graceDays = 0
    public var exempt = false

    enum CodingKeys: String, CodingKey {
        case customerID = "customer_id", graceDays = "grace_days", exempt
    }

    /// Customer `customerID`'s terms, as staff see them (404 for anyone else's view).
    public static func find(customerID: Int, for caller: Caller) throws -> DunningCustomer {
        _ = try caller.staff()
        return try load(customerID: customerID, on: caller.connection)
    }

    static func load(customerID: Int, on connection: PostgresConnection) throws -> DunningCustomer {
        guard try connection.query("SELECT 1 FROM users WHERE id = \(customerID) AND role = 'customer'").count == 1 else {
            throw DomainError.notFound("No customer \(customerID).")
        }
        let row = try connection.query("SELECT grace_days, exempt FROM dunning_customers WHERE customer_id = \(customerID)").firstRow
        return DunningCustomer(customerID: customerID, graceDays: try row?.decode(Int.self, "grace_days") ?? 0,
                               exempt: try row?.decode(Bool.self, "exempt") ?? false)
    }

    /// Staff set customer `customerID`'s grace days and exemption (`grace_days`, `exempt`; absent ones
    /// stay), audited; returns the terms as saved.
    public static func update(customerID: Int, _ input: [String: String], by caller: Caller) throws -> DunningCustomer {
        let staff = try caller.staff()
        let before = try load(customerID: customerID, on: caller.connection)
        var after = before
        var check = FieldChecker(input.mapValues { Optional($0) })
        after.graceDays = check.integer("grace_days", range: 0...365, default: before.graceDays) ?? before.graceDays
        after.exempt = check.boolean("exempt", default: before.exempt) ?? before.exempt
        guard check.issues.isEmpty else { throw DomainError.validation(check.issues) }
        return try caller.connection.transaction { connection in
            try connection.query(
                """
                INSERT INTO dunning_customers (customer_id, grace_days, exempt) VALUES (\(customerID), \(after.graceDays), \(after.exempt))
                ON CONFLICT (customer_id) DO UPDATE SET grace_days = EXCLUDED.grace_days, exempt = EXCLUDED.exempt
                """)
            try AuditLog.record(on: connection, actor: Actor(staff), action: "customer.dunning_updated", targetType: "customer",
                                targetID: String(customerID), before: before, after: after, origin: caller.origin)
            return after
        }
    }
}
