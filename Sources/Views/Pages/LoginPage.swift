/// The sign-in form.
public struct LoginPage: PageModel {
    public let template = "login"
    public var chrome: PageChrome { PageChrome(title: "Sign in", bodyClass: "auth") }
    /// Email to refill after a failed attempt.
    public var email: String
    /// A message above the form (e.g. why sign-in failed).
    public var error: String?

    public init(email: String = "", error: String? = nil) {
        self.email = email
        self.error = error
    }
}
