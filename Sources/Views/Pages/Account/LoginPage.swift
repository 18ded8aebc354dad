/// The sign-in form.
public struct LoginPage: PageModel {
    public let template = "login"
    public let title = "Sign in"
    public var bodyClass: String { "auth" }
    /// Email to refill after a failed attempt.
    public var email: String
    /// A message above the form (e.g. why sign-in failed).
    public var error: String?
    public var csrfToken: String
    /// Where to go after signing in (a local path).
    public var next: String

    public init(email: String = "", error: String? = nil, csrfToken: String = "", next: String = "") {
        self.email = email
        self.error = error
        self.csrfToken = csrfToken
        self.next = next
    }
}
