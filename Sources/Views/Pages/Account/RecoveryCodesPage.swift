/// The ten recovery codes, shown once after enrolment or when they are replaced.
public struct RecoveryCodesPage: PageModel {
    public let template = "account/recovery_codes"
    public let title = "Your recovery codes"
    public var codes: [String]
    public var continueHref: String
    /// True when these codes replace earlier ones (which no longer work).
    public var replaced: Bool

    public init(codes: [String], continueHref: String, replaced: Bool = false) {
        self.codes = codes
        self.continueHref = continueHref
        self.replaced = replaced
    }
}
