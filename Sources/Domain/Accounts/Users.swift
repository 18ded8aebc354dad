import Foundation
import Postgres

/// Account use cases: create, find, list, enable/disable.
public enum Users {
    /// Creates an account after validating every field; a taken email is a field issue. Accounts
    /// staff (or the command line) create have a confirmed address; self-registration passes
    /// `verified: false` (`Registration`).
    @discardableResult
    public static func create(
        on connection: PostgresConnection, email: String?, name: String?, password: String?, role: Role,
        actor: Actor, origin: RequestOrigin, hasher: PasswordHasher = PasswordHasher(), verified: Bool = true
    ) throws -> User {
        var issues: [FieldIssue] = []
        let email = AccountInput.email(email).collect(into: &issues)
        let name = AccountInput.name(name).collect(into: &issues)
        let password = AccountInput.password(password, email: email).collect(into: &issues)
        guard let email, let name, let password, issues.isEmpty else { throw DomainError.validation(issues) }
        let hash = try hasher.hash(password)
        return try connection.transaction { connection in
            let rows: PostgresRows
            do {
                rows = try connection.query(
                    """
                    INSERT INTO users AS u (email, name, role, password_hash, email_verified_at)
                    VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END)
                    RETURNING \(User.columns)
                    """, [email, name, role.rawValue, hash, verified])
            } catch let error as PostgresError where error.hasCode(PostgresError.Code.uniqueViolation) {
                throw DomainError.invalid("email", "is already registered")
            }
            let user = try User(row: rows[0])
            if role == .customer {
                try WebhookEvents.emit("customer.created", key: String(user.id), data: ["customer_id": user.id, "email": user.email], on: connection)
            }
            try AuditLog.record(
                on: connection, actor: actor == .selfService ? Actor(user) : actor,
                action: "user.created", targetType: "user", targetID: String(user.id), after: user, origin: origin)
            return user
        }
    }

    /// The user with `id`, or nil.
    public static func find(id: Int, on connection: PostgresConnection) throws -> User? {
        try connection.query("SELECT \(User.columns) FROM users u WHERE u.id = $1", [id]).firstRow.map(User.init(row:))
    }

    /// The user with `email` (case-insensitive), or nil.
    public static func find(email: String, on connection: PostgresConnection) throws -> User? {
        try connection.query("SELECT \(User.columns) FROM users u WHERE lower(u.email) = lower($1)", [email])
            .firstRow.map(User.init(row:))
    }

    /// Staff members (admins and staff), by name.
    public static func listStaff(on connection: PostgresConnection) throws -> [User] {
        try connection.query("SELECT \(unescaped: User.columns) FROM users u WHERE u.role <> 'customer' ORDER BY u.email")
            .map(User.init(row:))
    }

    /// The stored password hash, for sign-in only.
    static func passwordHash(userID: Int, on connection: PostgresConnection) throws -> String? {
        try connection.query("SELECT password_hash FROM users WHERE id = $1", [userID]).firstRow?.decode(String?.self, "password_hash")
    }
}

extension Actor {
    /// A visitor acting on their own behalf (self-registration): the audit row names the new account.
    public static let selfService = Actor(userID: nil, label: "self")
}
