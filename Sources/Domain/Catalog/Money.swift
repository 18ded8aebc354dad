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
        // Foundation's trim only when there is something to trim (it costs microseconds per call).
        let padded = text.utf8.first.map(Self.isSpaceOrNonASCII) == true || text.utf8.last.map(Self.isSpaceOrNonASCII) == true
        var trimmed = padded ? text.trimmingCharacters(in: .whitespaces) : text
        guard let cents = trimmed.withUTF8({ Self.cents(UnsafeRawBufferPointer($0)) }) else { return nil }
        self.cents = cents
    }

    private static func isSpaceOrNonASCII(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte >= 0x80 }

    /// `29.99`, `-1.25` as bytes in cents; nil for more than two decimals, junk or overflow.
    private static func cents(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let negative = bytes.first == UInt8(ascii: "-")
        guard let scaled = FixedPointText.scaled(utf8: negative ? UnsafeRawBufferPointer(rebasing: bytes.dropFirst()) : bytes,
                                                 decimals: 2, maxWholeDigits: 13) else { return nil }
        return negative ? -scaled : scaled
    }

    /// Reads a `numeric` cell's bytes directly (no string per cell).
    public static func decode(postgresBytes bytes: UnsafeRawBufferPointer?, column: String) throws -> Money {
        if let bytes, let cents = cents(bytes) { return Money(cents: cents) }
        return try decodeAsText(bytes, column: column)
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
