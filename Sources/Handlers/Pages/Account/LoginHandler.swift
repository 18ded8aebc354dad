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
        let user = try context.services.authenticator.verifyPassword(
            email: email, password: form["password"], on: context.connection, origin: context.origin)
        if let session = context.identity?.session { try Sessions.end(session, on: context.connection, origin: context.origin) }
        let stage: Session.Stage = user.twoFactorEnabled ? .secondFactor : .full
        let token = try Sessions.start(on: context.connection, user: user, stage: stage, origin: context.origin)
        context.setCookie(Cookies.setCookie(Cookies.session, token, secure: request.isHTTPS))
        if stage == .secondFactor { return .redirect(to: "/login/2fa") }
        if user.mustEnrolTwoFactor { return .redirect(to: "/account/2fa") }
        return .redirect(to: RequestContext.safeRedirect(form["next"], for: user))
    }

    static func secondFactorForm(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let session = context.identity?.session, session.stage == .secondFactor else { return .redirect(to: "/login") }
        return try context.page(SecondFactorPage(csrfToken: session.csrfToken))
    }

    static func secondFactorSubmit(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let session = context.identity?.session, session.stage == .secondFactor else { return .redirect(to: "/login") }
        try context.services.authenticator.verifySecondFactor(
            user: session.user, code: try context.form()["code"], on: context.connection, origin: context.origin)
        let token = try Sessions.promote(session, on: context.connection)
        context.setCookie(Cookies.setCookie(Cookies.session, token, secure: request.isHTTPS))
        return .redirect(to: RequestContext.homePath(for: session.user))
    }

    static func logout(_ request: Request, _ context: RequestContext) throws -> Response {
        if let session = context.identity?.session { try Sessions.end(session, on: context.connection, origin: context.origin) }
        context.setCookie(Cookies.setCookie(Cookies.session, "", secure: request.isHTTPS, maxAge: 0))
        return .redirect(to: "/login")
    }

    /// The sign-in form again with why it was refused (401, 403 or 429 with Retry-After).
    static func refusedPassword(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        return try context.page(LoginPage(email: form["email"] ?? "", error: refusal.error.detail, csrfToken: try context.csrfToken(),
                                          next: form["next"] ?? ""))
    }

    /// The code form again with why the code was refused.
    static func refusedSecondFactor(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        guard let session = context.identity?.session else { return .redirect(to: "/login") }
        return try context.page(SecondFactorPage(error: refusal.error.detail, csrfToken: session.csrfToken))
    }
}
