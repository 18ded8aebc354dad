import Domain

/// `/my/account/payment-methods`: the customer's saved cards (brand ••••last4, expiry), which one
/// pays renewals automatically, and — back from the hosted page — "card saved" or "processing".
public struct MyCardsPage: PageModel {
    public let template = "my/payment_methods"
    public let title = "Payment methods"

    var cards: [Row]
    var isEmpty: Bool
    var canAdd: Bool
    var csrfToken: String
    var setupSaved = false
    var setupProcessing = false
    /// Why a change was refused.
    public var alert: String?
    public var head: PageHead = .none

    struct Row: Sendable {
        var id: Int
        var label: String
        var expiry: String
        var autoPay: Bool
    }

    /// While the setup's notification has not been applied the page reloads itself, without script.
    public init(_ cards: [SavedCard], setup: CardSetupStatus?, canAdd: Bool, csrfToken: String) {
        self.cards = cards.map { Row(id: $0.id, label: "\($0.brand.capitalized) •••• \($0.last4)", expiry: $0.expiry, autoPay: $0.autoPay) }
        isEmpty = cards.isEmpty
        self.canAdd = canAdd
        self.csrfToken = csrfToken
        setupSaved = setup == .saved
        setupProcessing = setup == .open
        if setupProcessing { head = PageHead(refreshSeconds: 3) }
    }
}
