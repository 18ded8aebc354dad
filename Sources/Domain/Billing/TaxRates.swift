import Foundation
import Postgres

/// Tax rates by country and region: the one an invoice uses, and an admin's changes to them
/// (each 2FA-gated and audited).
public struct TaxRates: Sendable {
    public let twoFactor: TwoFactor

    public init(twoFactor: TwoFactor) {
        self.twoFactor = twoFactor
    }

    /// Every rate, by country then region (the country's own first). Staff only.
    public static func list(for caller: Caller) throws -> [TaxRate] {
        _ = try caller.staff()
        return try caller.connection.query("SELECT \(unescaped: TaxRate.columns) FROM tax_rates ORDER BY country, region")
            .map(TaxRate.init(row:))
    }

    /// The rate for a buyer in `country` / `region`: the region's if there is one, else the country's, else nil.
    static func applicable(country: String, region: String, on connection: PostgresConnection) throws -> TaxRate? {
        guard !country.isEmpty else { return nil }
        return try connection.query(
            """
            SELECT \(unescaped: TaxRate.columns) FROM tax_rates WHERE country = \(country) AND region IN ('', \(region))
            ORDER BY region DESC LIMIT 1
            """).firstRow.map(TaxRate.init(row:))
    }

    /// Adds a rate; a second one for the same country and region is a field error.
    public func create(_ input: [String: String], by caller: Caller, code: String?) throws -> TaxRate {
        let fields = try TaxRate.Fields(input)
        return try change(by: caller, code: code, action: "tax_rate.created") { connection in
            let rate = try Self.unique(fields) {
                try connection.query(
                    """
                    INSERT INTO tax_rates (country, region, name, rate) VALUES (\(fields.country), \(fields.region), \(fields.name), \(fields.rate))
                    RETURNING \(unescaped: TaxRate.columns)
                    """).map(TaxRate.init(row:))[0]
            }
            return (nil, rate)
        }
    }

    /// Replaces rate `id`'s fields.
    public func update(id: Int, _ input: [String: String], by caller: Caller, code: String?) throws -> TaxRate {
        let fields = try TaxRate.Fields(input)
        return try change(by: caller, code: code, action: "tax_rate.updated") { connection in
            let before = try Self.locked(id: id, on: connection)
            let rate = try Self.unique(fields) {
                try connection.query(
                    """
                    UPDATE tax_rates SET country = \(fields.country), region = \(fields.region), name = \(fields.name), rate = \(fields.rate),
                           updated_at = now() WHERE id = \(id) RETURNING \(unescaped: TaxRate.columns)
                    """).map(TaxRate.init(row:))[0]
            }
            return (before, rate)
        }
    }

    /// Deletes rate `id`; invoices already issued keep the rate they were issued with.
    public func delete(id: Int, by caller: Caller, code: String?) throws {
        _ = try change(by: caller, code: code, action: "tax_rate.deleted") { connection in
            let before = try Self.locked(id: id, on: connection)
            try connection.query("DELETE FROM tax_rates WHERE id = \(id)")
            return (before, before)
        }
    }

    /// Runs `body` for an admin under `code` and audits its before/after (after nil for a delete).
    private func change(
        by caller: Caller, code: String?, action: String, _ body: (PostgresConnection) throws -> (TaxRate?, TaxRate)
    ) throws -> TaxRate {
        let admin = try caller.admin()
        return try StepUp.run(on: caller.connection, actor: admin, code: code, twoFactor: twoFactor, origin: caller.origin, action: action) { connection in
            let (before, after) = try body(connection)
            let deleted = action == "tax_rate.deleted"
            try AuditLog.record(on: connection, actor: Actor(admin), action: action, targetType: "tax_rate", targetID: String(after.id),
                                before: before, after: deleted ? nil : after, origin: caller.origin)
            return after
        }
    }

    private static func locked(id: Int, on connection: PostgresConnection) throws -> TaxRate {
        guard let rate = try connection.query("SELECT \(unescaped: TaxRate.columns) FROM tax_rates WHERE id = \(id) FOR UPDATE")
            .firstRow.map(TaxRate.init(row:)) else { throw DomainError.notFound("No such tax rate.") }
        return rate
    }

    private static func unique(_ fields: TaxRate.Fields, _ write: () throws -> TaxRate) throws -> TaxRate {
        do { return try write() } catch let error as PostgresError where error.hasCode(PostgresError.Code.uniqueViolation) {
            let place = fields.region.isEmpty ? fields.country : "\(fields.country)-\(fields.region)"
            throw DomainError.invalid(fields.region.isEmpty ? "country" : "region", "already has a rate (\(place)); change that one")
        }
    }
}
