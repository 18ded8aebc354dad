import Domain

/// The value axis of a chart: a range from a round low to a round high tick (zero always
/// inside), in the cells' own exact units (cents, hundredths of a percent, counts).
struct ChartScale {
    /// Raw units per axis unit: 100 for money and percentages (ticks in whole euros or
    /// percent), 1 for counts.
    let unit: Int64
    let low: Int64
    let high: Int64
    let step: Int64

    /// A scale that shows every value in `minimum…maximum` with about `ticks` round steps.
    init(minimum: Int64, maximum: Int64, unit: Int64, ticks: Int = 5) {
        self.unit = unit
        let low = min(minimum, 0), high = max(maximum, 0)
        let span = max(high - low, unit)
        var step = unit
        search: for power in 0..<16 {
            var base: Int64 = 1
            for _ in 0..<power { base *= 10 }
            for factor: Int64 in [1, 2, 5] where factor * base * unit * Int64(ticks) >= span {
                step = factor * base * unit
                break search
            }
        }
        self.step = step
        self.low = Self.floor(low, step)
        let top = Self.ceil(high, step)
        self.high = top == self.low ? self.low + step : top
    }

    /// The tick values, low to high.
    var ticks: [Int64] { stride(from: low, through: high, by: Int(step)).map { $0 } }

    /// The y coordinate of `value` on a plot from `top` down to `bottom`.
    func y(_ value: Int64, top: Double, bottom: Double) -> Double {
        bottom - Double(value - low) / Double(high - low) * (bottom - top)
    }

    /// A tick's label in axis units: `25,000`, or `25k` / `3M` when every tick is a round thousand / million.
    func label(_ value: Int64) -> String {
        let units = value / unit, stepUnits = step / unit, top = Swift.max(abs(high), abs(low)) / unit
        if units == 0 { return "0" }
        if stepUnits % 1_000_000 == 0 && top >= 10_000_000 { return "\(units / 1_000_000)M" }
        if stepUnits % 1000 == 0 && top >= 10_000 { return "\(units / 1000)k" }
        return Self.grouped(units)
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    private static func floor(_ value: Int64, _ step: Int64) -> Int64 {
        value >= 0 ? value / step * step : -((-value + step - 1) / step * step)
    }

    private static func ceil(_ value: Int64, _ step: Int64) -> Int64 { -floor(-value, step) }
}
