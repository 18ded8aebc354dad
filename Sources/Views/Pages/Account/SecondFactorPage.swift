/// The second sign-in step: a TOTP code or a recovery code.
public struct SecondFactorPage: PageModel {
    public let template = "login_2fa"
    public let title = "Two-factor sign-in"
    public var bodyClass: String { "auth" }
    public var error: String?
    public var csrfToken: String

    public init(error: String? = nil, csrfToken: String) {
        self.error = error
        self.csrfToken = csrfToken
    }
}
