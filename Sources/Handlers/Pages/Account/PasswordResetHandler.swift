import Domain
import Views

/// "Forgot your password?" (`/password/forgot`) and the page its emailed link opens (`/password/reset`).
enum PasswordResetHandler {
    static func forgotForm(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(PasswordForgotPage(email: context.query["email"] ?? "", csrfToken: try context.csrfToken()))
    }

    /// The same page and status for every well-formed address: known, unknown or throttled.
    static func forgotSubmit(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        try PasswordReset.request(email: form["email"], throttle: context.services.authenticator.throttle, origin: context.origin,
                                  on: context.connection)
        return try context.page(PasswordForgotPage(csrfToken: try context.csrfToken(), notice: PasswordReset.acceptedMessage), status: .accepted)
    }

    static func forgotRefused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        return try context.page(PasswordForgotPage(email: form["email"] ?? "", csrfToken: try context.csrfToken(),
                                                   emailError: FormErrors(refusal.issues)["email"]))
    }

    static func resetForm(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(PasswordResetPage(token: context.query["token"] ?? "", csrfToken: try context.csrfToken(),
                                           minimumPasswordLength: AccountInput.minimumPasswordLength))
    }

    static func resetSubmit(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        guard form["password"] == form["password_confirmation"] else {
            throw DomainError.invalid("password_confirmation", "does not match the new password")
        }
        try PasswordReset.confirm(token: form["token"], password: form["password"], hasher: context.services.authenticator.hasher,
                                  origin: context.origin, on: context.connection)
        return try context.page(PasswordResetPage(token: "", csrfToken: try context.csrfToken(), done: true,
                                                  minimumPasswordLength: AccountInput.minimumPasswordLength))
    }

    /// The form again (the token kept, never the password) with the field errors.
    static func resetRefused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        return try context.page(PasswordResetPage(token: form["token"] ?? "", csrfToken: try context.csrfToken(),
                                                  errors: FormErrors(refusal.issues), minimumPasswordLength: AccountInput.minimumPasswordLength))
    }
}
