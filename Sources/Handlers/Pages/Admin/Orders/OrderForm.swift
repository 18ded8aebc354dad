import Domain
import Views

/// Reading order lines from a form (`product_id_0`, `billing_cycle_0`, …) and building their rows.
enum OrderForm {
    /// Rows a form shows: the given lines plus empty ones up to `minimum`.
    static let minimumRows = 3

    /// Non-empty lines as domain input (rows without a product are skipped).
    static func lineInputs(_ form: QueryParameters) -> [OrderLineInput] {
        (0..<20).compactMap { index in
            guard let product = form["product_id_\(index)"], !product.isEmpty else { return nil }
            return OrderLineInput(
                productID: product, billingCycle: form["billing_cycle_\(index)"], quantity: form["quantity_\(index)"],
                hostname: form["hostname_\(index)"], operatingSystem: form["operating_system_\(index)"])
        }
    }

    /// Form rows from submitted text, keeping the user's input.
    static func rows(_ form: QueryParameters, products: [(id: Int, label: String)], errors: FormErrors) -> [OrderLineRow] {
        let used = (0..<20).filter { !(form["product_id_\($0)"] ?? "").isEmpty }.count
        // Errors are numbered by non-empty line; rows keep their form index, so renumber.
        var lineNumber = 0
        return (0..<max(minimumRows, used + 1)).map { index in
            let product = form["product_id_\(index)"] ?? ""
            let row = OrderLineRow(
                index: index, products: products, productID: product, cycle: form["billing_cycle_\(index)"] ?? "",
                quantity: form["quantity_\(index)"] ?? "", hostname: form["hostname_\(index)"] ?? "",
                operatingSystem: form["operating_system_\(index)"] ?? "", errors: product.isEmpty ? FormErrors() : errors.renumbered(from: lineNumber, to: index))
            if !product.isEmpty { lineNumber += 1 }
            return row
        }
    }

    /// Form rows for an existing order's items.
    static func rows(_ items: [OrderItem], products: [(id: Int, label: String)]) -> [OrderLineRow] {
        let filled = items.enumerated().map { index, item in
            OrderLineRow(
                index: index, products: products, productID: String(item.productID), cycle: item.billingCycle.rawValue,
                quantity: String(item.quantity), hostname: item.hostname, operatingSystem: item.operatingSystem, errors: FormErrors())
        }
        let empty = (items.count..<max(minimumRows, items.count + 1)).map { index in
            OrderLineRow(index: index, products: products, productID: "", cycle: "", quantity: "", hostname: "", operatingSystem: "", errors: FormErrors())
        }
        return filled + empty
    }

    /// Active products as select options, plus any already on the order.
    static func productOptions(on context: RequestContext, including ids: [Int] = []) throws -> [(id: Int, label: String)] {
        var query = Products.Query()
        query.isActive = true
        query.limit = PageRequest.maximumLimit
        var products = try Products.list(query, on: context.connection).items
        for id in ids where !products.contains(where: { $0.id == id }) {
            if let product = try Products.find(id: id, on: context.connection) { products.append(product) }
        }
        return products.map { ($0.id, "\($0.name) — \($0.priceMonthly)/month\($0.stockCount.map { ", \($0) left" } ?? "")") }
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
