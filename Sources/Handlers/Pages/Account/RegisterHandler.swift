import Domain
import Views

/// Customer self-registration page: the same "check your email" answer for a new and a taken
/// address (`Registration`); nobody is signed in.
enum RegisterHandler {
    static func form(_ request: Request, _ context: RequestContext) throws -> Response {
        if let user = context.identity?.user, context.identity?.awaitsSecondFactor == false {
            return .redirect(to: RequestContext.homePath(for: user))
        }
        return try context.page(RegisterPage(csrfToken: try context.csrfToken(), minimumPasswordLength: AccountInput.minimumPasswordLength))
    }

    static func submit(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        try Registration.register(email: form["email"], name: form["name"], password: form["password"], origin: context.origin,
                                  hasher: context.services.authenticator.hasher, on: context.connection)
        return try context.page(RegisterPage(csrfToken: try context.csrfToken(), minimumPasswordLength: AccountInput.minimumPasswordLength,
                                             notice: Registration.acceptedMessage), status: .accepted)
    }

    /// The form again with what was typed (never the password) and the field errors.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        return try context.page(RegisterPage(email: form["email"] ?? "", name: form["name"] ?? "", csrfToken: try context.csrfToken(),
                                             errors: FormErrors(refusal.issues), minimumPasswordLength: AccountInput.minimumPasswordLength))
    }
}
