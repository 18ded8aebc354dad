/// Customer self-registration.
public struct RegisterPage: PageModel {
    public let template = "register"
    public let title = "Create an account"
    public var bodyClass: String { "auth" }
    public var email: String
    public var name: String
    public var csrfToken: String
    public var emailError: String?
    public var nameError: String?
    public var passwordError: String?
    public var hasErrors: Bool
    public let minimumPasswordLength: Int
    /// Shown after every accepted registration (new or taken address alike), instead of the form.
    public var notice: String?

    public init(email: String = "", name: String = "", csrfToken: String, errors: FormErrors = FormErrors(), minimumPasswordLength: Int,
                notice: String? = nil) {
        self.notice = notice
        self.email = email
        self.name = name
        self.csrfToken = csrfToken
        emailError = errors["email"]
        nameError = errors["name"]
        passwordError = errors["password"]
        hasErrors = !errors.isEmpty
        self.minimumPasswordLength = minimumPasswordLength
    }
}
