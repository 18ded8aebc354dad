import Domain
import Views

/// Customer self-registration page; signs the new customer in.
enum RegisterHandler {
    static func form(_ request: Request, _ context: RequestContext) throws -> Response {
        if let user = context.identity?.user, context.identity?.awaitsSecondFactor == false {
            return .redirect(to: RequestContext.homePath(for: user))
        }
        return try context.page(RegisterPage(csrfToken: try context.csrfToken(), minimumPasswordLength: AccountInput.minimumPasswordLength))
    }

    static func submit(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let user = try Users.create(
            on: context.connection, email: form["email"], name: form["name"], password: form["password"], role: .customer,
            actor: .selfService, origin: context.origin)
        try SessionLog.record(on: context.connection, .loginSucceeded, userID: user.id, email: user.email, origin: context.origin, detail: "registered")
        let token = try Sessions.start(on: context.connection, user: user, stage: .full, origin: context.origin)
        context.setCookie(Cookies.setCookie(Cookies.session, token, secure: request.isHTTPS))
        return .redirect(to: "/my")
    }

    /// The form again with what was typed (never the password) and the field errors.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        return try context.page(RegisterPage(email: form["email"] ?? "", name: form["name"] ?? "", csrfToken: try context.csrfToken(),
                                             errors: FormErrors(refusal.issues), minimumPasswordLength: AccountInput.minimumPasswordLength))
    }
}
