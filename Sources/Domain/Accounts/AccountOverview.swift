/// A signed-in user's own account as the account page and its JSON twins show it: profile,
/// two-factor state, API tokens and live sessions.
public struct AccountOverview {
    public let user: User
    /// The customer's profile (company, phone); nil for staff.
    public let profile: Customer?
    public let recoveryCodesLeft: Int
    public let tokens: [APIToken]
    public let sessions: [ActiveSession]
    /// The session the request came in on, if it came from a browser.
    public let currentSessionID: Int?

    public static func load(for caller: Caller, currentSessionID: Int?, twoFactor: TwoFactor) throws -> AccountOverview {
        let user = try caller.signedIn()
        let connection = caller.connection
        return AccountOverview(
            user: user, profile: user.role == .customer ? try Customers.find(id: user.id, on: connection) : nil,
            recoveryCodesLeft: try twoFactor.remainingRecoveryCodes(userID: user.id, on: connection),
            tokens: try APITokens.list(userID: user.id, on: connection), sessions: try Sessions.active(userID: user.id, on: connection),
            currentSessionID: currentSessionID)
    }
}
