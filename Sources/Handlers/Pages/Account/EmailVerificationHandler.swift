import Domain
import Views

/// The page a confirmation link opens (`GET /verify-email?token=…`) and the resend button
/// (`POST /account/verification`) on the account and catalog pages.
enum EmailVerificationHandler {
    /// Confirms the address; a wrong, used or expired link is a 422 page saying which, and changes nothing.
    static func confirm(_ request: Request, _ context: RequestContext) throws -> Response {
        do {
            try EmailVerification.confirm(token: context.query["token"], origin: context.origin, on: context.connection)
        } catch DomainError.validation(let issues) {
            return try context.page(VerifyEmailPage(done: false, tokenError: FormErrors(issues)["token"] ?? "is not valid"),
                                    status: .unprocessableContent)
        }
        return try context.page(VerifyEmailPage(done: true))
    }

    static func resend(_ request: Request, _ context: RequestContext) throws -> Response {
        try EmailVerification.resend(by: context.caller)
        return .redirect(to: RequestContext.accountPath(for: try context.user) + "?saved=verification")
    }
}
