import Foundation

/// The account page: two-factor status, API tokens, active sessions.
public struct AccountPage: PageModel {
    public let template = "account/index"
    public let title = "Account"

    public struct TokenRow: Sendable {
        public var id: Int
        public var name: String
        public var prefix: String
        public var scope: String
        public var created: String
        public var lastUsed: String
        public var expires: String
        public var isActive: Bool
        public var status: String

        public init(id: Int, name: String, prefix: String, scope: String, created: Date, lastUsed: Date?, expires: Date?, revoked: Date?) {
            self.id = id
            self.name = name
            self.prefix = prefix
            self.scope = scope
            self.created = Display.dateTime(created)
            self.lastUsed = lastUsed == nil ? "never" : Display.dateTime(lastUsed)
            self.expires = expires == nil ? "when revoked" : Display.dateTime(expires)
            let expired = expires.map { $0 < Date() } ?? false
            isActive = revoked == nil && !expired
            status = revoked != nil ? "revoked" : (expired ? "expired" : "active")
        }
    }

    public struct SessionRow: Sendable {
        public var started: String
        public var lastSeen: String
        public var address: String
        public var userAgent: String
        public var isCurrent: Bool

        public init(started: Date, lastSeen: Date, address: String, userAgent: String, isCurrent: Bool) {
            self.started = Display.dateTime(started)
            self.lastSeen = Display.dateTime(lastSeen)
            self.address = address
            self.userAgent = userAgent
            self.isCurrent = isCurrent
        }
    }

    public var name: String
    public var email: String
    public var isCustomer: Bool
    public var company: String
    public var phone: String
    public var nameError: String?
    public var companyError: String?
    public var phoneError: String?
    public var currentPasswordError: String?
    public var newPasswordError: String?
    public var notice: String?
    public var twoFactorEnabled: Bool
    public var recoveryCodesLeft: Int
    public var tokens: [TokenRow]
    public var hasTokens: Bool
    /// A token created just now: shown once.
    public var newToken: String?
    public var tokenNameError: String?
    public var sessions: [SessionRow]
    public var hasOtherSessions: Bool
    public var csrfToken: String

    public init(
        name: String, email: String, isCustomer: Bool, company: String, phone: String, errors: FormErrors, notice: String?,
        twoFactorEnabled: Bool, recoveryCodesLeft: Int, tokens: [TokenRow], newToken: String?,
        tokenNameError: String?, sessions: [SessionRow], csrfToken: String
    ) {
        self.name = name
        self.email = email
        self.isCustomer = isCustomer
        self.company = company
        self.phone = phone
        nameError = errors["name"]
        companyError = errors["company"]
        phoneError = errors["phone"]
        currentPasswordError = errors["current_password"]
        newPasswordError = errors["new_password"]
        self.notice = notice
        self.twoFactorEnabled = twoFactorEnabled
        self.recoveryCodesLeft = recoveryCodesLeft
        self.tokens = tokens
        hasTokens = !tokens.isEmpty
        self.newToken = newToken
        self.tokenNameError = tokenNameError
        self.sessions = sessions
        hasOtherSessions = sessions.contains { !$0.isCurrent }
        self.csrfToken = csrfToken
    }
}
