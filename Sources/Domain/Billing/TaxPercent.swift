import Foundation
import Postgres

/// A tax rate as an exact percentage with at most three decimals (`19.000` = 19 %), held as
/// thousandths of a percent. Never a floating-point number.
public struct TaxPercent: Sendable, Hashable, Comparable, TextCodedValue {
    /// Thousandths of a percent: 19 % is 19 000.
    public var thousandths: Int64

    public static let zero = TaxPercent(thousandths: 0)
    public static let hundred = TaxPercent(thousandths: 100_000)

    public init(thousandths: Int64) {
        self.thousandths = thousandths
    }

    /// Parses `19`, `7.5`, `8.875`; nil for more than three decimals, a sign, junk or overflow.
    /// (The range 0–100 is the caller's check, so it can name the field.)
    public init?(_ text: String) {
        guard let scaled = FixedPointText.scaled(Substring(text.trimmingCharacters(in: .whitespaces)), decimals: 3, maxWholeDigits: 6) else {
            return nil
        }
        thousandths = scaled
    }

    /// Always three decimals: `19.000`.
    public var description: String {
        let rest = thousandths % 1000
        return "\(thousandths / 1000)." + String(repeating: "0", count: rest < 10 ? 2 : (rest < 100 ? 1 : 0)) + "\(rest)"
    }

    public static func < (lhs: TaxPercent, rhs: TaxPercent) -> Bool { lhs.thousandths < rhs.thousandths }

    public static let textKind = "a percentage"
}
