/// A signed-in user's own account as the account page and its JSON twins show it: profile,
/// two-factor state, API tokens and live sessions.
public struct AccountOverview {
    public let user: User
    /// Name, email and, for customers, company and phone.
    public let profile: Profile
    public let recoveryCodesLeft: Int
    public let tokens: [APIToken]
    public let sessions: [ActiveSession]
    /// The session the request came in on, if it came from a browser.
    public let currentSessionID: Int?

    public static func load(for caller: Caller, currentSessionID: Int?, twoFactor: TwoFactor) throws -> AccountOverview {
        let user = try caller.signedIn()
        let connection = caller.connection
        return AccountOverview(
            user: user, profile: try Profile.load(userID: user.id, on: connection) ?? Profile(user: user, company: nil, phone: nil),
            recoveryCodesLeft: try twoFactor.remainingRecoveryCodes(userID: user.id, on: connection),
            tokens: try APITokens.list(userID: user.id, on: connection), sessions: try Sessions.active(userID: user.id, on: connection),
            currentSessionID: currentSessionID)
    }
}
