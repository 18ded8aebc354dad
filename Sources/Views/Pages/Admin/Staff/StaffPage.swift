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

        init(_ member: StaffMember) {
            id = member.user.id
            name = member.user.name
            email = member.user.email
            role = member.user.role.rawValue
            twoFactor = member.user.twoFactorEnabled ? "enabled" : "not set up"
            canReset = member.canResetTwoFactor
        }
    }

    var rows: [Row]
    var notice: String?
    var csrfToken: String

    /// The team as the viewer sees it (`StaffMember.list`); `reset` right after a reset.
    public init(staff: [StaffMember], reset: Bool, csrfToken: String) {
        rows = staff.map(Row.init)
        notice = reset ? "Two-factor sign-in was reset; that person sets it up again at their next sign-in." : nil
        self.csrfToken = csrfToken
    }
}
