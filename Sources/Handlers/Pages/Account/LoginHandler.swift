import Domain
import Views

/// Sign-in pages: password, then (when enrolled) the second factor; and sign-out.
enum LoginHandler {
    static func form(_ request: Request, _ context: RequestContext) throws -> Response {
        if let user = context.identity?.user, context.identity?.awaitsSecondFactor == false {
            return .redirect(to: RequestContext.homePath(for: user))
        }
        return try context.page(LoginPage(
            email: context.query["email"] ?? "", csrfToken: try context.csrfToken(), next: context.query["next"] ?? ""))
    }

    static func submit(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let email = form["email"] ?? ""
        let user: User
        do {
            user = try context.services.authenticator.verifyPassword(
                email: email, password: form["password"], on: context.connection, origin: context.origin)
        } catch let error as DomainError {
            return try refusal(error, context: context, page: LoginPage(
                email: email, error: HTTPError(error).detail, csrfToken: try context.csrfToken(), next: form["next"] ?? ""))
        }
        if let session = context.identity?.session { try Sessions.end(session, on: context.connection, origin: context.origin) }
        let stage: Session.Stage = user.twoFactorEnabled ? .secondFactor : .full
        let token = try Sessions.start(on: context.connection, user: user, stage: stage, origin: context.origin)
        context.setCookie(Cookies.setCookie(Cookies.session, token, secure: request.isHTTPS))
        if stage == .secondFactor { return .redirect(to: "/login/2fa") }
        if user.role.isStaff { return .redirect(to: "/account/2fa") }
        return .redirect(to: RequestContext.safeRedirect(form["next"], for: user))
    }

    static func secondFactorForm(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let session = context.identity?.session, session.stage == .secondFactor else { return .redirect(to: "/login") }
        return try context.page(SecondFactorPage(csrfToken: session.csrfToken))
    }

    static func secondFactorSubmit(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let session = context.identity?.session, session.stage == .secondFactor else { return .redirect(to: "/login") }
        do {
            try context.services.authenticator.verifySecondFactor(
                user: session.user, code: try context.form()["code"], on: context.connection, origin: context.origin)
        } catch let error as DomainError {
            return try refusal(error, context: context, page: SecondFactorPage(error: HTTPError(error).detail, csrfToken: session.csrfToken))
        }
        let token = try Sessions.promote(session, on: context.connection)
        context.setCookie(Cookies.setCookie(Cookies.session, token, secure: request.isHTTPS))
        return .redirect(to: RequestContext.homePath(for: session.user))
    }

    static func logout(_ request: Request, _ context: RequestContext) throws -> Response {
        if let session = context.identity?.session { try Sessions.end(session, on: context.connection, origin: context.origin) }
        context.setCookie(Cookies.setCookie(Cookies.session, "", secure: request.isHTTPS, maxAge: 0))
        return .redirect(to: "/login")
    }

    /// Re-shows a sign-in form with the refusal's status (401, 403 or 429 with Retry-After).
    private static func refusal(_ error: DomainError, context: RequestContext, page: some PageModel) throws -> Response {
        let mapped = HTTPError(error)
        guard [401, 403, 429, 422].contains(mapped.status.code) else { throw error }
        var response = try context.page(page, status: mapped.status)
        response.addHeaders(of: mapped)
        return response
    }
}
