import Foundation
import Postgres

/// An exact amount in minor units (cents). Never a floating-point number.
///
/// Text form is `29.99`; JSON carries it as that string. Input accepts at most
/// two decimals and at most 9,999,999,999.99.
public struct Money: Sendable, Hashable, Comparable, TextCodedValue {
    public var cents: Int64

    public static let zero = Money(cents: 0)
    public static let maximum = Money(cents: 999_999_999_999)

    public init(cents: Int64) {
        self.cents = cents
    }

    /// Parses `29.99`, `30`, `0.5`, `-1.25`; nil for more than two decimals, junk or overflow.
    public init?(_ text: String) {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if digits.first == "-" {
            negative = true
            digits = digits.dropFirst()
        }
        guard let scaled = FixedPointText.scaled(digits, decimals: 2, maxWholeDigits: 13) else { return nil }
        cents = scaled * (negative ? -1 : 1)
    }

    public var description: String {
        let sign = cents < 0 ? "-" : ""
        let absolute = cents.magnitude
        let fraction = absolute % 100
        return "\(sign)\(absolute / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    public static func * (lhs: Money, rhs: Int) -> Money { Money(cents: lhs.cents * Int64(rhs)) }

    public static let textKind = "an amount"
}
