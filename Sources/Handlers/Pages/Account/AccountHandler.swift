import Domain
import Views

/// `/account`: two-factor status, API tokens, sessions.
enum AccountHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let notices = ["profile": "Your profile is saved.", "password": "Your password is changed; your other sessions were signed out."]
        return try render(context, newToken: nil, tokenNameError: nil, notice: context.query["saved"].flatMap { notices[$0] })
    }

    static func updateProfile(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        let form = try context.form()
        do {
            _ = try Profiles.update(user, name: form["name"], company: user.role == .customer ? form["company"] : nil,
                                    phone: user.role == .customer ? form["phone"] : nil, on: context.connection, origin: context.origin)
            return .redirect(to: accountPath(user) + "?saved=profile")
        } catch DomainError.validation(let issues) {
            return try render(context, newToken: nil, tokenNameError: nil, errors: FormErrors(issues.map { ($0.field, $0.message) }),
                              status: .unprocessableContent)
        }
    }

    static func changePassword(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        let form = try context.form()
        do {
            try Profiles.changePassword(user, current: form["current_password"], new: form["new_password"], keepSession: context.identity?.session?.id,
                                        authenticator: context.services.authenticator, on: context.connection, origin: context.origin)
        } catch DomainError.validation(let issues) {
            return try render(context, newToken: nil, tokenNameError: nil, errors: FormErrors(issues.map { ($0.field, $0.message) }),
                              status: .unprocessableContent)
        }
        if let session = context.identity?.session {
            let token = try Sessions.rotate(session, on: context.connection)
            context.setCookie(Cookies.setCookie(Cookies.session, token, secure: request.isHTTPS))
        }
        return .redirect(to: accountPath(user) + "?saved=password")
    }

    private static func accountPath(_ user: User) -> String { user.role == .customer ? "/my/account" : "/account" }

    static func createToken(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        let form = try context.form()
        guard let scope = APIToken.Scope(rawValue: form["scope"] ?? "") else {
            return try render(context, newToken: nil, tokenNameError: nil, status: .unprocessableContent)
        }
        do {
            let issued = try APITokens.issue(
                on: context.connection, user: user, name: form["name"], scope: scope, actor: context.actor, origin: context.origin)
            return try render(context, newToken: issued.token, tokenNameError: nil, status: .created)
        } catch DomainError.validation(let issues) {
            return try render(context, newToken: nil, tokenNameError: issues.first?.message, status: .unprocessableContent)
        }
    }

    static func revokeToken(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        try APITokens.revoke(
            tokenID: try context.idParameter(), ownerID: user.id, on: context.connection, actor: context.actor, origin: context.origin)
        return .redirect(to: accountPath(user))
    }

    static func endOtherSessions(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        let ended = try Sessions.endAll(userID: user.id, except: context.identity?.session?.id, on: context.connection)
        try SessionLog.record(on: context.connection, .sessionsEnded, userID: user.id, email: user.email, origin: context.origin,
                              detail: "\(ended) other sessions signed out")
        return .redirect(to: accountPath(user))
    }

    private static func render(
        _ context: RequestContext, newToken: String?, tokenNameError: String?, errors: FormErrors = FormErrors(), notice: String? = nil,
        status: HTTPStatus = .ok
    ) throws -> Response {
        let user = try context.requireUser()
        let tokens = try APITokens.list(userID: user.id, on: context.connection).map {
            AccountPage.TokenRow(
                id: $0.id, name: $0.name, prefix: $0.prefix, scope: $0.scope.rawValue, created: $0.createdAt,
                lastUsed: $0.lastUsedAt, expires: $0.expiresAt, revoked: $0.revokedAt)
        }
        let currentID = context.identity?.session?.id
        let sessions = try Sessions.active(userID: user.id, on: context.connection).map {
            AccountPage.SessionRow(
                started: $0.createdAt, lastSeen: $0.lastSeenAt, address: $0.remoteAddress, userAgent: $0.userAgent,
                isCurrent: $0.id == currentID)
        }
        let profile = user.role == .customer ? try Customers.find(id: user.id, on: context.connection) : nil
        let page = AccountPage(
            name: user.name, email: user.email, isCustomer: user.role == .customer, company: profile?.company ?? "", phone: profile?.phone ?? "",
            errors: errors, notice: notice, twoFactorEnabled: user.twoFactorEnabled,
            recoveryCodesLeft: try context.services.twoFactor.remainingRecoveryCodes(userID: user.id, on: context.connection),
            tokens: tokens, newToken: newToken, tokenNameError: tokenNameError, sessions: sessions, csrfToken: try context.csrfToken())
        return try context.page(page, status: status)
    }
}
