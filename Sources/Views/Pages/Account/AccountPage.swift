import Domain
import Foundation

/// The account page: two-factor status, API tokens, active sessions.
public struct AccountPage: PageModel {
    public let template = "account/index"
    public let title = "Account"

    struct TokenRow: Sendable {
        var id: Int
        var name: String
        var prefix: String
        var scope: String
        var created: String
        var lastUsed: String
        var expires: String
        var isActive: Bool
        var status: String

        init(_ token: APIToken) {
            id = token.id
            name = token.name
            prefix = token.prefix
            scope = token.scope.rawValue
            created = Display.dateTime(token.createdAt)
            lastUsed = token.lastUsedAt == nil ? "never" : Display.dateTime(token.lastUsedAt)
            expires = token.expiresAt == nil ? "when revoked" : Display.dateTime(token.expiresAt)
            let expired = token.expiresAt.map { $0 < Date() } ?? false
            isActive = token.revokedAt == nil && !expired
            status = token.revokedAt != nil ? "revoked" : (expired ? "expired" : "active")
        }
    }

    struct SessionRow: Sendable {
        var started: String
        var lastSeen: String
        var address: String
        var userAgent: String
        var isCurrent: Bool

        init(_ session: ActiveSession, currentID: Int?) {
            started = Display.dateTime(session.createdAt)
            lastSeen = Display.dateTime(session.lastSeenAt)
            address = session.remoteAddress
            userAgent = session.userAgent
            isCurrent = session.id == currentID
        }
    }

    var name: String
    var email: String
    var isCustomer: Bool
    var company: String
    var phone: String
    var nameError: String?
    var companyError: String?
    var phoneError: String?
    /// A customer's billing details (nil for staff).
    var billing: BillingDetailsForm?
    var currentPasswordError: String?
    var newPasswordError: String?
    var notice: String?
    var twoFactorEnabled: Bool
    /// A customer who has not confirmed their email address yet: told so, with a resend button.
    var mustVerifyEmail: Bool
    var recoveryCodesLeft: Int
    /// Customers may turn two-factor sign-in off; staff must keep it.
    var mayDisableTwoFactor: Bool
    /// Why a two-factor change was refused (no code, a wrong one, too many).
    var twoFactorError: String?
    var tokens: [TokenRow]
    var hasTokens: Bool
    /// A token created just now: shown once.
    var newToken: String?
    var tokenNameError: String?
    var sessions: [SessionRow]
    var hasOtherSessions: Bool
    var csrfToken: String

    /// The page for `account`; after a refused form, `errors` name its fields and `twoFactorError`
    /// says why a two-factor change was refused. `newToken` is a token created just now (shown once).
    public init(
        _ account: AccountOverview, errors: FormErrors = FormErrors(), twoFactorError: String? = nil, notice: String? = nil,
        newToken: String? = nil, tokenNameError: String? = nil, csrfToken: String
    ) {
        name = account.user.name
        email = account.user.email
        isCustomer = account.user.role == .customer
        company = account.profile.company ?? ""
        phone = account.profile.phone ?? ""
        nameError = errors["name"]
        companyError = errors["company"]
        phoneError = errors["phone"]
        billing = account.profile.billing.map { BillingDetailsForm($0, errors: errors, idPrefix: "profile", staff: false) }
        currentPasswordError = errors["current_password"]
        newPasswordError = errors["new_password"]
        self.notice = notice
        twoFactorEnabled = account.user.twoFactorEnabled
        mustVerifyEmail = account.user.role == .customer && !account.user.emailVerified
        recoveryCodesLeft = account.recoveryCodesLeft
        mayDisableTwoFactor = TwoFactor.mayDisable(account.user)
        self.twoFactorError = twoFactorError
        tokens = account.tokens.map(TokenRow.init)
        hasTokens = !tokens.isEmpty
        self.newToken = newToken
        self.tokenNameError = tokenNameError
        sessions = account.sessions.map { SessionRow($0, currentID: account.currentSessionID) }
        hasOtherSessions = sessions.contains { !$0.isCurrent }
        self.csrfToken = csrfToken
    }
}
