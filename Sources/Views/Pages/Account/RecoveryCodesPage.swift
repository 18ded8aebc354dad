/// The ten recovery codes, shown once after enrolment.
public struct RecoveryCodesPage: PageModel {
    public let template = "account/recovery_codes"
    public let title = "Your recovery codes"
    public var codes: [String]
    public var continueHref: String

    public init(codes: [String], continueHref: String) {
        self.codes = codes
        self.continueHref = continueHref
    }
}
