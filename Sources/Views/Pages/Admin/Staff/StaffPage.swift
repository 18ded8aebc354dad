/// Staff members, with two-factor status and (for admins) a reset button.
public struct StaffPage: PageModel {
    public let template = "admin/staff"
    public let title = "Staff"

    public struct Row: Sendable {
        public var id: Int
        public var name: String
        public var email: String
        public var role: String
        public var twoFactor: String
        public var canReset: Bool

        public init(id: Int, name: String, email: String, role: String, twoFactorEnabled: Bool, canReset: Bool) {
            self.id = id
            self.name = name
            self.email = email
            self.role = role
            twoFactor = twoFactorEnabled ? "enabled" : "not set up"
            self.canReset = canReset
        }
    }

    public var rows: [Row]
    public var notice: String?
    public var csrfToken: String

    public init(rows: [Row], notice: String?, csrfToken: String) {
        self.rows = rows
        self.notice = notice
        self.csrfToken = csrfToken
    }
}
