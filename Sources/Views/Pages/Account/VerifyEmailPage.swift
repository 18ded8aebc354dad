/// The page a confirmation link opens (`/verify-email?token=…`): confirmed, or why the link did not work.
public struct VerifyEmailPage: PageModel {
    public let template = "verify_email"
    public let title = "Confirm your email address"
    public var bodyClass: String { "auth" }
    /// True once the address is confirmed.
    public var done: Bool
    /// Why the link did not work (unknown, used, expired).
    public var tokenError: String?

    public init(done: Bool, tokenError: String? = nil) {
        self.done = done
        self.tokenError = tokenError
    }
}
