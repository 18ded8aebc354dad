import Foundation
import Postgres

/// Staff use cases on customers: search, view, create, edit, disable, delete.
public enum Customers {
    /// Newest first; `search` matches name, email or company (case-insensitive, literal text).
    public static func list(search: String?, page: PageRequest, on connection: PostgresConnection) throws -> Page<Customer> {
        let pattern = search.flatMap { $0.isEmpty ? nil : "%" + SQLPattern.escapeLike(String($0.prefix(100))) + "%" }
        var sql = SQLFilter("u.role = 'customer'")
        sql.add("u.id < ?", page.afterID)
        sql.add("(u.email ILIKE ? OR u.name ILIKE ? OR u.company ILIKE ?)", pattern)
        let rows = try connection.query(
            "SELECT \(unescaped: Customer.columns) FROM users u \(sql.whereClause) ORDER BY u.id DESC LIMIT \(page.limit + 1)")
        return page.page(try rows.map(Customer.init(row:)), id: \.id)
    }

    public static func find(id: Int, on connection: PostgresConnection) throws -> Customer? {
        try connection.query("SELECT \(Customer.columns) FROM users u WHERE u.id = $1 AND u.role = 'customer'", [id])
            .firstRow.map(Customer.init(row:))
    }

    /// Creates a customer (staff act); a password is required so the customer can sign in.
    public static func create(_ input: CustomerInput, on connection: PostgresConnection, actor: Actor, origin: RequestOrigin) throws -> Customer {
        var issues: [FieldIssue] = []
        let company = text(input.company, field: "company", max: 200, into: &issues)
        let phone = text(input.phone, field: "phone", max: 50, into: &issues)
        if !issues.isEmpty {
            _ = AccountInput.email(input.email).collect(into: &issues)
            _ = AccountInput.password(input.password, email: input.email).collect(into: &issues)
            throw DomainError.validation(issues)
        }
        return try connection.transaction { connection in
            let user = try Users.create(on: connection, email: input.email, name: input.name, password: input.password,
                                        role: .customer, actor: actor, origin: origin)
            try connection.query("UPDATE users SET company = $2, phone = $3 WHERE id = $1", [user.id, company ?? "", phone ?? ""])
            if !input.billing.isEmpty { try BillingDetails().applying(input.billing, staff: true).save(userID: user.id, on: connection) }
            return try find(id: user.id, on: connection)!
        }
    }

    /// Changes the given fields if the customer is still at `expectedVersion`. Disabling ends
    /// their sessions; their tokens stop working with the account.
    public static func update(
        id: Int, expectedVersion: Int?, _ input: CustomerInput, on connection: PostgresConnection, actor: Actor, origin: RequestOrigin
    ) throws -> Customer {
        var issues: [FieldIssue] = []
        let email = input.email.map { AccountInput.email($0).collect(into: &issues) } ?? nil
        let name = input.name.map { AccountInput.name($0).collect(into: &issues) } ?? nil
        let company = text(input.company, field: "company", max: 200, into: &issues)
        let phone = text(input.phone, field: "phone", max: 50, into: &issues)
        var isActive: Bool?
        if let text = input.isActive {
            switch text.lowercased() {
            case "true", "1", "on": isActive = true
            case "false", "0", "off": isActive = false
            default: issues.append(FieldIssue(field: "is_active", message: "must be true or false"))
            }
        }
        guard issues.isEmpty else { throw DomainError.validation(issues) }
        return try connection.transaction { connection in
            guard let before = try connection.query("SELECT \(Customer.columns) FROM users u WHERE u.id = $1 AND u.role = 'customer' FOR UPDATE", [id])
                .firstRow.map(Customer.init(row:))
            else { throw DomainError.notFound("No customer \(id).") }
            if let expectedVersion, expectedVersion != before.version { throw StaleVersion.customer(before) }
            do {
                try connection.query(
                    """
                    UPDATE users SET email = coalesce(\(email), email), name = coalesce(\(name), name), company = coalesce(\(company), company),
                           phone = coalesce(\(phone), phone), is_active = coalesce(\(isActive), is_active), version = version + 1, updated_at = now()
                    WHERE id = \(id)
                    """)
            } catch let error as PostgresError where error.hasCode(PostgresError.Code.uniqueViolation) {
                throw DomainError.invalid("email", "is already registered")
            }
            if let email, email.lowercased() != before.email.lowercased() {
                try EmailVerification.reset(userID: id, now: Date(), on: connection)  // the new address is confirmed from its own link
            }
            if !input.billing.isEmpty { try before.billing.applying(input.billing, staff: true).save(userID: id, on: connection) }
            if isActive == false { try Sessions.endAll(userID: id, on: connection) }
            let after = try find(id: id, on: connection)!
            try AuditLog.record(on: connection, actor: actor, action: isActive == false && before.isActive ? "customer.disabled" : "customer.updated",
                                targetType: "customer", targetID: String(id), before: before, after: after, origin: origin)
            return after
        }
    }

    /// Deletes a customer who never ordered; others are disabled instead.
    public static func delete(id: Int, on connection: PostgresConnection, actor: Actor, origin: RequestOrigin) throws {
        try connection.transaction { connection in
            guard let customer = try connection.query("SELECT \(Customer.columns) FROM users u WHERE u.id = $1 AND u.role = 'customer' FOR UPDATE", [id])
                .firstRow.map(Customer.init(row:))
            else { throw DomainError.notFound("No customer \(id).") }
            let orders = try connection.query("SELECT count(*) AS n FROM orders WHERE customer_id = $1", [id])[0].decode(Int.self, "n")
            guard orders == 0 else { throw DomainError.conflict("Customer \(id) has \(orders) order(s); disable the account instead.") }
            guard try connection.query("SELECT 1 FROM credit_entries WHERE customer_id = $1 LIMIT 1", [id]).isEmpty else {
                throw DomainError.conflict("Customer \(id) has a credit ledger; disable the account instead.")
            }
            try connection.query("DELETE FROM users WHERE id = $1", [id])
            try AuditLog.record(on: connection, actor: actor, action: "customer.deleted", targetType: "customer",
                                targetID: String(id), before: customer, origin: origin)
        }
    }

    private static func text(_ value: String?, field: String, max: Int, into issues: inout [FieldIssue]) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= max, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            issues.append(FieldIssue(field: field, message: "must be at most \(max) characters without control characters"))
            return nil
        }
        return trimmed
    }
}
