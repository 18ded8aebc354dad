/// The page a reset link opens: the new password twice; after success, a link to sign in.
public struct PasswordResetPage: PageModel {
    public let template = "password_reset"
    public let title = "Choose a new password"
    public var bodyClass: String { "auth" }
    public var token: String
    public var csrfToken: String
    public var tokenError: String?
    public var passwordError: String?
    public var confirmationError: String?
    public var hasErrors: Bool
    /// True once the new password is set.
    public var done: Bool
    public let minimumPasswordLength: Int

    public init(token: String, csrfToken: String, errors: FormErrors = FormErrors(), done: Bool = false, minimumPasswordLength: Int) {
        self.token = token
        self.csrfToken = csrfToken
        tokenError = errors["token"]
        passwordError = errors["password"]
        confirmationError = errors["password_confirmation"]
        hasErrors = !errors.isEmpty
        self.done = done
        self.minimumPasswordLength = minimumPasswordLength
    }
}
