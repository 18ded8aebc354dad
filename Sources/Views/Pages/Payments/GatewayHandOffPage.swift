/// The page that takes a customer from the portal to a payment provider's hosted page (checkout,
/// adding a card). The portal's CSP (`form-action 'self'`) stops a browser from following a
/// form's 303 to another origin, so the form's answer is this page, which moves on at once by
/// `<meta http-equiv="refresh">` and offers the same link to click.
public struct GatewayHandOffPage: PageModel {
    public let template = "pay/continue"
    public let title = "Continuing to the payment provider"
    public let head: PageHead

    var url: String
    var host: String

    /// The hand-off to `url` (an absolute http or https URL the gateway gave).
    public init(url: String) {
        self.url = url
        host = url.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? url
        head = PageHead(refreshURL: url)
    }
}
