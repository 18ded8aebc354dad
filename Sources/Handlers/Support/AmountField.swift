import Domain

/// The `amount` field of a payment or credit (form or JSON): required, an amount with at most two decimals.
enum AmountField {
    static func parse(_ text: String?) throws -> Money {
        guard let text, !text.isEmpty else { throw DomainError.invalid("amount", "is required") }
        guard let amount = Money(text) else { throw DomainError.invalid("amount", "must be an amount with at most two decimals, like 29.99") }
        return amount
    }
}
