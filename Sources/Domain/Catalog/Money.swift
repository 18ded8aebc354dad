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
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 13, whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 2, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), !(parts.count == 2 && fraction.isEmpty) else { return nil }
        while fraction.count < 2 { fraction += "0" }
        guard let units = Int64(whole), let hundredths = Int64(fraction) else { return nil }
        let (scaled, overflow) = units.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        cents = (scaled + hundredths) * (negative ? -1 : 1)
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
