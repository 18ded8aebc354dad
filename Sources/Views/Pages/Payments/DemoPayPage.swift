import Domain

/// `/pay/demo/{session}`: the demo gateway's hosted payment page — the amount, "Pay" and
/// "Decline"; no card numbers (a real gateway's page would ask for them, never the portal).
public struct DemoPayPage: PageModel {
    public let template = "pay/demo"
    public let title = "Demo payment"

    var amount: String
    var invoiceNumber: String
    var isOpen: Bool
    var status: String
    var declines: Bool
    var payAction: String
    var declineAction: String
    var returnPath: String
    var csrfToken: String

    public init(_ page: DemoCheckout.Page, csrfToken: String) {
        amount = "\(page.session.amount) \(page.session.currency)"
        invoiceNumber = page.invoiceNumber
        isOpen = page.session.status == .open
        status = page.session.status.rawValue
        declines = page.declines
        payAction = "/pay/demo/\(page.session.gatewaySessionID)/pay"
        declineAction = "/pay/demo/\(page.session.gatewaySessionID)/decline"
        returnPath = page.session.returnPath
        self.csrfToken = csrfToken
    }
}
