import Foundation
import Postgres

/// An account: staff member or customer.
public struct User: Sendable, Equatable, Encodable {
    public var id: Int
    public var email: String
    public var name: String
    public var role: Role
    public var isActive: Bool
    /// True once a first TOTP code confirmed enrolment.
    public var twoFactorEnabled: Bool
    /// False for a self-registered customer who has not yet followed the emailed confirmation link.
    public var emailVerified: Bool
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, email, name, role
        case isActive = "is_active"
        case twoFactorEnabled = "two_factor_enabled"
        case emailVerified = "email_verified"
        case createdAt = "created_at"
    }

    /// Staff must use two-factor sign-in; customers may.
    public var requiresTwoFactor: Bool { role.isStaff }

    /// True for staff who have not finished setting up two-factor sign-in: they may do nothing else.
    public var mustEnrolTwoFactor: Bool { requiresTwoFactor && !twoFactorEnabled }

    /// Columns `decode(row:)` reads, for SELECT lists.
    static let columns = "u.id, u.email, u.name, u.role, u.is_active, u.totp_enabled_at IS NOT NULL AS two_factor, u.email_verified_at IS NOT NULL AS email_verified, u.created_at"

    init(row: PostgresRow) throws {
        id = try row.decode(Int.self, "id")
        email = try row.decode(String.self, "email")
        name = try row.decode(String.self, "name")
        let roleText = try row.decode(String.self, "role")
        guard let role = Role(rawValue: roleText) else {
            throw PostgresError(kind: .decoding, message: "unknown role \(roleText)")
        }
        self.role = role
        isActive = try row.decode(Bool.self, "is_active")
        twoFactorEnabled = try row.decode(Bool.self, "two_factor")
        emailVerified = try row.decode(Bool.self, "email_verified")
        createdAt = try row.decode(Date.self, "created_at")
    }

    /// How the user appears in logs and the audit trail.
    public var label: String { email }
}
