/// `/catalog`: active products grouped by type and location, each with an order form.
public struct CatalogPage: PageModel {
    public let template = "catalog/index"
    public let title = "Catalog"

    public struct Choice: Sendable {
        public var value: String
        public var label: String
        public init(value: String, label: String) {
            self.value = value
            self.label = label
        }
    }

    public struct Card: Sendable {
        public var id: Int
        public var name: String
        public var description: String
        public var specs: String
        public var prices: [Choice]
        public var setupFee: String?
        public var features: String
        public var inStock: Bool
        public var stockNote: String?
        public var systems: [Choice]
        public var hasSystems: Bool

        public init(id: Int, name: String, description: String, specs: String, prices: [Choice], setupFee: String?, features: String,
                    inStock: Bool, stockNote: String?, systems: [String]) {
            self.id = id
            self.name = name
            self.description = description
            self.specs = specs
            self.prices = prices
            self.setupFee = setupFee
            self.features = features
            self.inStock = inStock
            self.stockNote = stockNote
            self.systems = systems.map { Choice(value: $0, label: $0) }
            hasSystems = !systems.isEmpty
        }
    }

    public struct Group: Sendable {
        public var title: String
        public var cards: [Card]
        public init(title: String, cards: [Card]) {
            self.title = title
            self.cards = cards
        }
    }

    public var groups: [Group]
    public var isEmpty: Bool
    /// Only customers get order forms; visitors are asked to sign in.
    public var canOrder: Bool
    public var signedOut: Bool
    public var alert: String?
    public var csrfToken: String

    public init(groups: [Group], canOrder: Bool, signedOut: Bool, alert: String?, csrfToken: String) {
        self.groups = groups
        isEmpty = groups.isEmpty
        self.canOrder = canOrder
        self.signedOut = signedOut
        self.alert = alert
        self.csrfToken = csrfToken
    }
}
