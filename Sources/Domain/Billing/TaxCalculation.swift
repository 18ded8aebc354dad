/// The tax of one invoice, computed once on its taxable total (never per line, so line roundings
/// cannot add up), rounded half-up to the cent: 0.005 becomes 0.01. Half-up is what EU tax
/// administrations expect on a VAT amount and what a customer checking by hand gets.
///
/// Exclusive prices: the items are net; tax = rate × items, total = items + tax.
/// Inclusive prices: the items already contain the tax; tax = items − items / (1 + rate),
/// total = items, and the subtotal is the net amount (items − tax), so total = subtotal + tax
/// holds in both modes.
public struct TaxCalculation: Sendable, Equatable {
    public var subtotal: Money
    public var tax: Money
    public var total: Money

    /// The amounts for items summing to `items` at `rate` (`.zero`: no tax).
    public init(items: Money, rate: TaxPercent, pricesIncludeTax: Bool) {
        let tax: Int64
        if pricesIncludeTax {
            // items × r / (100 + r), with r in thousandths: items × t / (100 000 + t).
            tax = Self.roundHalfUp(items.cents * rate.thousandths, dividedBy: 100_000 + rate.thousandths)
            subtotal = Money(cents: items.cents - tax)
            total = items
        } else {
            tax = Self.roundHalfUp(items.cents * rate.thousandths, dividedBy: 100_000)
            subtotal = items
            total = Money(cents: items.cents + tax)
        }
        self.tax = Money(cents: tax)
    }

    /// `numerator / denominator` to the nearest whole number, halves away from zero (a credit
    /// line rounds like its charge). The denominator is positive.
    static func roundHalfUp(_ numerator: Int64, dividedBy denominator: Int64) -> Int64 {
        let magnitude = (2 * numerator.magnitude + UInt64(denominator)) / (2 * UInt64(denominator))
        return numerator < 0 ? -Int64(magnitude) : Int64(magnitude)
    }
}
