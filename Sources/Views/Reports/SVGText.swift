/// Text for SVG markup: escaped labels and coordinates written the same way every time.
enum SVGText {
    /// `text` safe inside an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var output: [UInt8] = []
        HTMLEscaping.append(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// A coordinate with at most one decimal (`12`, `12.5`), so output is deterministic.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let whole = tenths / 10, fraction = abs(tenths % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// `text` cut to `limit` characters with an ellipsis.
    static func short(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
