import Postgres

/// A member of staff as the staff page and `GET /api/v1/staff` list them, with what the viewer
/// may do about their two-factor sign-in.
public struct StaffMember: Sendable, Encodable {
    public let user: User
    /// True when the viewer may reset this member's two-factor sign-in (`TwoFactor.mayReset`).
    public let canResetTwoFactor: Bool

    enum CodingKeys: String, CodingKey { case canResetTwoFactor = "can_reset_two_factor" }

    /// The team, by email, as `caller` (staff) sees it.
    public static func list(for caller: Caller) throws -> [StaffMember] {
        let viewer = try caller.staff()
        return try Users.listStaff(on: caller.connection).map { StaffMember(user: $0, canResetTwoFactor: TwoFactor.mayReset($0, by: viewer)) }
    }

    /// The user's fields, then `can_reset_two_factor`.
    public func encode(to encoder: Encoder) throws {
        try user.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(canResetTwoFactor, forKey: .canResetTwoFactor)
    }
}
