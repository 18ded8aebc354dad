import Domain

/// `/catalog`: active products grouped by type and location, each with an order form.
public struct CatalogPage: PageModel {
    public let template = "catalog/index"
    public let title = "Catalog"

    struct Choice: Sendable {
        var value: String
        var label: String
    }

    struct Card: Sendable {
        var id: Int
        var name: String
        var description: String
        var specs: String
        var prices: [Choice]
        var setupFee: String?
        var features: String
        var inStock: Bool
        var stockNote: String?
        var systems: [Choice]
        var hasSystems: Bool

        init(_ product: Product) {
            id = product.id
            name = product.name
            description = product.description
            specs = product.specs
            prices = BillingCycle.allCases.compactMap { cycle in product.price(for: cycle).map { Choice(value: "\($0) EUR", label: cycle.rawValue) } }
            setupFee = product.setupFee > .zero ? "\(product.setupFee) EUR" : nil
            features = product.features.joined(separator: " · ")
            inStock = product.canSell(1)
            stockNote = product.stockCount.flatMap { $0 > 0 && $0 <= 5 ? "Only \($0) left" : nil }
            systems = product.availableOS.map { Choice(value: $0, label: $0) }
            hasSystems = !systems.isEmpty
        }
    }

    struct Group: Sendable {
        var title: String
        var cards: [Card]
    }

    var groups: [Group]
    var isEmpty: Bool
    /// Only customers get order forms; visitors are asked to sign in.
    var canOrder: Bool
    var signedOut: Bool
    /// A customer who has not confirmed their email address yet: told so, with a resend button.
    var mustVerifyEmail: Bool
    var alert: String?
    var csrfToken: String

    /// The catalog of `products` (in display order) as `viewer` (nil: signed out) sees it.
    public init(products: [Product], viewer: User?, alert: String? = nil, csrfToken: String) {
        var groups: [Group] = []
        for product in products {
            let title = "\(product.serverType == .vps ? "VPS" : "Dedicated servers") · "
                + (product.datacenterLocation.isEmpty ? "any location" : product.datacenterLocation)
            if let index = groups.firstIndex(where: { $0.title == title }) {
                groups[index].cards.append(Card(product))
            } else {
                groups.append(Group(title: title, cards: [Card(product)]))
            }
        }
        self.groups = groups
        isEmpty = groups.isEmpty
        canOrder = viewer?.role == .customer
        signedOut = viewer == nil
        mustVerifyEmail = viewer.map { $0.role == .customer && !$0.emailVerified } ?? false
        self.alert = alert
        self.csrfToken = csrfToken
    }
}
