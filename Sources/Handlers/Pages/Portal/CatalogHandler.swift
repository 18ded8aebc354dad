import Domain
import Views

/// `/catalog`: what is on sale, and ordering it with the same use case staff use.
enum CatalogHandler {
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try render(context, alert: nil)
    }

    static func order(_ request: Request, _ context: RequestContext) throws -> Response {
        let customer = try context.requireCustomer()
        let form = try context.form()
        let productID = try context.idParameter()
        do {
            let lines = try OrderLineInput.validate([OrderLineInput(
                productID: String(productID), billingCycle: form["billing_cycle"], quantity: "1", hostname: form["hostname"],
                operatingSystem: form["operating_system"])])
            let order = try OrderPlacement.place(customerID: customer.id, lines: lines, on: context.connection, actor: context.actor, origin: context.origin)
            return .redirect(to: "/my/orders/\(order.id)?placed=1")
        } catch let error as DomainError {
            let mapped = HTTPError(error)
            let message: String
            if case .validation(let issues) = error {
                message = "Not ordered: " + issues.map { "\($0.field.split(separator: ".").last ?? "") \($0.message)" }.joined(separator: "; ")
            } else {
                message = mapped.detail
            }
            return try render(context, alert: message, status: mapped.status)
        }
    }

    private static func render(_ context: RequestContext, alert: String?, status: HTTPStatus = .ok) throws -> Response {
        var groups: [(key: String, cards: [CatalogPage.Card])] = []
        for product in try Products.catalog(on: context.connection) {
            let key = "\(product.serverType == .vps ? "VPS" : "Dedicated servers") · \(product.datacenterLocation.isEmpty ? "any location" : product.datacenterLocation)"
            let card = CatalogPage.Card(
                id: product.id, name: product.name, description: product.description,
                specs: "\(product.cpuCores) vCPU\(product.cpuModel.isEmpty ? "" : " (\(product.cpuModel))") · \(product.ramGB) GB RAM · \(product.storageGB) GB \(product.storageType.uppercased()) · \(product.bandwidthTB) TB traffic",
                prices: BillingCycle.allCases.compactMap { cycle in
                    product.price(for: cycle).map { CatalogPage.Choice(value: "\($0) EUR", label: cycle.rawValue) }
                },
                setupFee: product.setupFee > .zero ? "\(product.setupFee) EUR" : nil, features: product.features.joined(separator: " · "),
                inStock: product.canSell(1), stockNote: product.stockCount.flatMap { $0 > 0 && $0 <= 5 ? "Only \($0) left" : nil },
                systems: product.availableOS)
            if let index = groups.firstIndex(where: { $0.key == key }) { groups[index].cards.append(card) } else { groups.append((key, [card])) }
        }
        let user = context.identity.flatMap { $0.awaitsSecondFactor ? nil : $0.user }
        let page = CatalogPage(
            groups: groups.map { CatalogPage.Group(title: $0.key, cards: $0.cards) }, canOrder: user?.role == .customer,
            signedOut: user == nil, alert: alert, csrfToken: try context.csrfToken())
        return try context.page(page, status: status)
    }
}
