import Domain
import Views

/// `/account` (`/my/account` for customers): profile, password, two-factor status, API tokens, sessions.
enum AccountHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let notices = ["profile": "Your profile is saved.", "password": "Your password is changed; your other sessions were signed out.",
                       "two-factor-off": "Two-factor sign-in is off; signing in now needs your password only.",
                       "verification": EmailVerification.sentMessage]
        return try render(context, notice: context.query["saved"].flatMap { notices[$0] })
    }

    static func updateProfile(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        _ = try Profiles.update(name: form["name"], company: form["company"], phone: form["phone"],
                                billing: BillingDetailsInput.form(form, staff: false), by: context.caller)
        return .redirect(to: RequestContext.accountPath(for: try context.user) + "?saved=profile")
    }

    static func changePassword(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        try Profiles.changePassword(current: form["current_password"], new: form["new_password"], keepSession: context.identity?.session?.id,
                                    authenticator: context.services.authenticator, by: context.caller)
        if let session = context.identity?.session {
            let token = try Sessions.rotate(session, on: context.connection)
            context.setCookie(Cookies.setCookie(Cookies.session, token, secure: request.isHTTPS))
        }
        return .redirect(to: RequestContext.accountPath(for: try context.user) + "?saved=password")
    }

    static func createToken(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let issued = try APITokens.issue(name: form["name"], scope: form["scope"], by: context.caller)
        return try render(context, newToken: issued.token, status: .created)
    }

    static func revokeToken(_ request: Request, _ context: RequestContext) throws -> Response {
        try APITokens.revoke(tokenID: try context.idParameter(), by: context.caller)
        return .redirect(to: RequestContext.accountPath(for: try context.user))
    }

    static func endOtherSessions(_ request: Request, _ context: RequestContext) throws -> Response {
        try Sessions.endOthers(for: context.caller, keeping: context.identity?.session?.id)
        return .redirect(to: RequestContext.accountPath(for: try context.user))
    }

    /// The account page again with the refused form's field errors.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try render(context, tokenNameError: refusal.issue("name"), errors: FormErrors(refusal.issues))
    }

    /// The account page again with why no new confirmation link was sent (already confirmed, too many).
    static func refusedVerification(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try render(context, notice: refusal.error.detail, status: refusal.error.status)
    }

    /// The account page again with why a two-factor change (new recovery codes, turning it off) was refused.
    static func refusedTwoFactor(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try render(context, twoFactorError: refusal.error.detail)
    }

    private static func render(
        _ context: RequestContext, newToken: String? = nil, tokenNameError: String? = nil, errors: FormErrors = FormErrors(),
        twoFactorError: String? = nil, notice: String? = nil, status: HTTPStatus = .ok
    ) throws -> Response {
        let account = try AccountOverview.load(
            for: context.caller, currentSessionID: context.identity?.session?.id, twoFactor: context.services.twoFactor)
        return try context.page(AccountPage(account, errors: errors, twoFactorError: twoFactorError, notice: notice, newToken: newToken,
                                            tokenNameError: tokenNameError, csrfToken: try context.csrfToken()), status: status)
    }
}
