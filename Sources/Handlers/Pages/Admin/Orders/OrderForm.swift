import Domain

/// Reading an order form: lines from `product_id_0`, `billing_cycle_0`, … keyed by their form row.
enum OrderForm {
    /// The filled-in lines, by form row (rows without a product are left out).
    static func lines(_ form: QueryParameters) -> [Int: OrderLineInput] {
        var lines: [Int: OrderLineInput] = [:]
        for index in 0..<20 {
            guard let product = form["product_id_\(index)"], !product.isEmpty else { continue }
            lines[index] = OrderLineInput(
                productID: product, billingCycle: form["billing_cycle_\(index)"], quantity: form["quantity_\(index)"],
                hostname: form["hostname_\(index)"], operatingSystem: form["operating_system_\(index)"])
        }
        return lines
    }

    /// The lines in form order, as the domain validates them.
    static func inputs(_ form: QueryParameters) -> [OrderLineInput] {
        lines(form).sorted { $0.key < $1.key }.map(\.value)
    }
}
