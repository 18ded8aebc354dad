/// Exact decimal text to whole units: the one parser behind `Money` (cents) and `TaxPercent`
/// (thousandths of a percent). Never a floating-point number.
enum FixedPointText {
    /// `digits` ("29.99", "30", "7.5") scaled by 10^`decimals`; nil for a sign, more decimals,
    /// more than `maxWholeDigits` whole digits, a bare "." or anything that is not a digit.
    static func scaled(_ digits: Substring, decimals: Int, maxWholeDigits: Int) -> Int64? {
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, (1...maxWholeDigits).contains(whole.count), whole.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        var fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= decimals, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), !(parts.count == 2 && fraction.isEmpty) else {
            return nil
        }
        while fraction.count < decimals { fraction += "0" }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        guard let units = Int64(whole), let rest = decimals == 0 ? 0 : Int64(fraction) else { return nil }
        let (scaled, overflow) = units.multipliedReportingOverflow(by: scale)
        return overflow ? nil : scaled + rest
    }
}
