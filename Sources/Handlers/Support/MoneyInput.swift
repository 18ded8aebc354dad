import Domain

/// Money fields as typed in a form or sent in JSON, checked the same way everywhere.
enum MoneyInput {
    /// `amount`: required, at most two decimals.
    static func amount(_ text: String?, field: String = "amount") throws -> Money {
        guard let text, !text.isEmpty else { throw DomainError.invalid(field, "is required") }
        guard let amount = Money(text) else { throw DomainError.invalid(field, "must be an amount with at most two decimals, like 29.99") }
        return amount
    }

    /// `refund_to`: absent, or one of the refund destinations.
    static func refundDestination(_ text: String?) throws -> RefundDestination? {
        guard let text, !text.isEmpty else { return nil }
        guard let destination = RefundDestination(rawValue: text), RefundDestination.staffChoices.contains(destination) else {
            throw DomainError.invalid("refund_to", "must be one of " + RefundDestination.staffChoices.map(\.rawValue).joined(separator: ", "))
        }
        return destination
    }
}
