/// "Forgot your password?": asks for the email address; after a request, the same notice for
/// every address (whether or not it has an account).
public struct PasswordForgotPage: PageModel {
    public let template = "password_forgot"
    public let title = "Forgot your password?"
    public var bodyClass: String { "auth" }
    public var email: String
    public var csrfToken: String
    public var emailError: String?
    /// Shown once a request was accepted.
    public var notice: String?

    public init(email: String = "", csrfToken: String, emailError: String? = nil, notice: String? = nil) {
        self.email = email
        self.csrfToken = csrfToken
        self.emailError = emailError
        self.notice = notice
    }
}
