import Domain

/// Staff members, with two-factor status and (for admins) a reset button.
public struct StaffPage: PageModel {
    public let template = "admin/staff"
    public let title = "Staff"

    struct Row: Sendable {
        var id: Int
        var name: String
        var email: String
        var role: String
        var twoFactor: String
        var canReset: Bool

        init(_ member: User, viewer: User) {
            id = member.id
            name = member.name
            email = member.email
            role = member.role.rawValue
            twoFactor = member.twoFactorEnabled ? "enabled" : "not set up"
            canReset = TwoFactor.mayReset(member, by: viewer)
        }
    }

    var rows: [Row]
    var notice: String?
    var csrfToken: String

    /// The team as `viewer` sees it; `reset` right after a reset.
    public init(staff: [User], viewer: User, reset: Bool, csrfToken: String) {
        rows = staff.map { Row($0, viewer: viewer) }
        notice = reset ? "Two-factor sign-in was reset; that person sets it up again at their next sign-in." : nil
        self.csrfToken = csrfToken
    }
}
