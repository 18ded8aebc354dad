/// Setting up two-factor sign-in: the secret as text and as a QR code, and the first code.
public struct EnrolmentPage: PageModel {
    public let template = "account/enrol_2fa"
    public let title = "Set up two-factor sign-in"
    /// The secret in groups of four, easy to type.
    public var secretGroups: String
    public var uri: String
    /// The QR code as inline SVG (generated, contains no user text).
    public var qrSVG: String
    public var error: String?
    public var csrfToken: String
    /// Staff must enrol before anything else: the page says so.
    public var isRequired: Bool

    public init(secret: String, uri: String, qrSVG: String, error: String? = nil, csrfToken: String, isRequired: Bool) {
        var groups: [String] = []
        var index = secret.startIndex
        while index < secret.endIndex {
            let end = secret.index(index, offsetBy: 4, limitedBy: secret.endIndex) ?? secret.endIndex
            groups.append(String(secret[index..<end]))
            index = end
        }
        secretGroups = groups.joined(separator: " ")
        self.uri = uri
        self.qrSVG = qrSVG
        self.error = error
        self.csrfToken = csrfToken
        self.isRequired = isRequired
    }
}
