/// Exact decimal text to whole units: the one parser behind `Money` (cents) and `TaxPercent`
/// (thousandths of a percent). Never a floating-point number.
enum FixedPointText {
    /// `digits` ("29.99", "30", "7.5") scaled by 10^`decimals`; nil for a sign, more decimals,
    /// more than `maxWholeDigits` whole digits, a bare "." or anything that is not a digit.
    static func scaled(_ digits: Substring, decimals: Int, maxWholeDigits: Int) -> Int64? {
        scaled(utf8: digits.utf8, decimals: decimals, maxWholeDigits: maxWholeDigits)
    }

    /// The same, read from UTF-8 bytes (a database cell's text, without making a string).
    static func scaled(utf8 digits: some Collection<UInt8>, decimals: Int, maxWholeDigits: Int) -> Int64? {
        var units: Int64 = 0, wholeDigits = 0, fractionDigits = 0, inFraction = false
        for byte in digits {
            if byte == UInt8(ascii: ".") && !inFraction {
                inFraction = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            if inFraction { fractionDigits += 1 } else { wholeDigits += 1 }
            guard wholeDigits <= maxWholeDigits, fractionDigits <= decimals else { return nil }
            let (times, overflow1) = units.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflow1 && !overflow2 else { return nil }
            units = sum
        }
        guard wholeDigits >= 1, !(inFraction && fractionDigits == 0) else { return nil }
        for _ in fractionDigits..<decimals {
            let (times, overflow) = units.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            units = times
        }
        return units
    }
}
