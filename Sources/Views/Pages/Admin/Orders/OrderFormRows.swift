import Domain

/// One editable order line in a form: the choices and what is selected.
public struct OrderLineRow: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// Rows a form shows: the lines plus empty ones up to this many.
    static let minimumRows = 3

    var index: Int
    var products: [Option]
    var cycles: [Option]
    var quantity: String
    var hostname: String
    var operatingSystem: String
    var productError: String?
    var cycleError: String?
    var quantityError: String?
    var hostnameError: String?
    var osError: String?

    init(index: Int, products: [Product], line: OrderLineInput?, errors: FormErrors) {
        let productID = line?.productID ?? ""
        let cycle = line?.billingCycle ?? ""
        self.index = index
        self.products = [Option(value: "", label: "— none —", selected: productID.isEmpty)]
            + products.map { Option(value: String($0.id), label: Self.label($0), selected: String($0.id) == productID) }
        cycles = ["monthly", "quarterly", "yearly"].map { Option(value: $0, label: $0, selected: $0 == (cycle.isEmpty ? "monthly" : cycle)) }
        quantity = (line?.quantity ?? "").isEmpty ? "1" : line!.quantity!
        hostname = line?.hostname ?? ""
        operatingSystem = line?.operatingSystem ?? ""
        productError = errors["items[\(index)].product_id"]
        cycleError = errors["items[\(index)].billing_cycle"]
        quantityError = errors["items[\(index)].quantity"]
        hostnameError = errors["items[\(index)].hostname"]
        osError = errors["items[\(index)].operating_system"]
    }

    /// "VPS S — 9.99/month, 4 left".
    private static func label(_ product: Product) -> String {
        "\(product.name) — \(product.priceMonthly)/month\(product.stockCount.map { ", \($0) left" } ?? "")"
    }

    /// Rows for an order's items, plus empty ones.
    static func rows(_ items: [OrderItem], products: [Product]) -> [OrderLineRow] {
        let lines = items.map {
            OrderLineInput(productID: String($0.productID), billingCycle: $0.billingCycle.rawValue, quantity: String($0.quantity),
                           hostname: $0.hostname, operatingSystem: $0.operatingSystem)
        }
        return rows(submitted: Dictionary(uniqueKeysWithValues: lines.enumerated().map { ($0.offset, $0.element) }), products: products,
                    errors: FormErrors())
    }

    /// Rows for what a form sent (form row index → line), keeping the person's input. The
    /// domain numbers errors by non-empty line; rows keep their form index, so errors move.
    static func rows(submitted: [Int: OrderLineInput], products: [Product], errors: FormErrors) -> [OrderLineRow] {
        let count = max(minimumRows, submitted.count + 1)
        var lineNumber = 0
        return (0..<count).map { index in
            guard let line = submitted[index] else { return OrderLineRow(index: index, products: products, line: nil, errors: FormErrors()) }
            defer { lineNumber += 1 }
            return OrderLineRow(index: index, products: products, line: line, errors: errors.renumbered(from: lineNumber, to: index))
        }
    }
}

extension FormErrors {
    /// The errors of line `from` (as the domain numbered it) under the form row `to`.
    func renumbered(from: Int, to: Int) -> FormErrors {
        FormErrors(["product_id", "billing_cycle", "quantity", "hostname", "operating_system"].compactMap { field in
            self["items[\(from)].\(field)"].map { ("items[\(to)].\(field)", $0) }
        })
    }
}
