import Foundation

/// A staff-written notification template: the portal's mustache subset cut down to variables
/// only. `{{name}}` inserts a value (HTML-escaped in `.html`, as is in `.text`, on one line in
/// `.subject`); every other tag (sections, inverted sections, partials, unescaped `{{{…}}}` /
/// `{{&…}}`, delimiter changes, comments) is refused when saved and renders as nothing, so staff
/// text is never evaluated and nothing loops. Unknown names render empty and are reported.
/// Output is capped at `outputLimit` bytes.
public struct MessageTemplate: Sendable, Equatable {
    /// How inserted values are treated.
    public enum Part: Sendable { case subject, text, html }

    /// What rendering produced and what it met on the way.
    public struct Rendering: Sendable, Equatable, Encodable {
        public var output: String
        /// Names used that are not among the offered variables (rendered empty).
        public var unknownNames: [String]
        /// Tags that are not plain variables (rendered as nothing), as written.
        public var refusedTags: [String]
        /// Whether the output was cut at `outputLimit`.
        public var truncated: Bool

        enum CodingKeys: String, CodingKey { case output, unknownNames = "unknown_names", refusedTags = "refused_tags", truncated }
    }

    /// The most a rendered part may be, in bytes.
    public static let outputLimit = 65_536

    public let source: String

    public init(_ source: String) { self.source = source }

    /// Renders with `values`; names not in `values` are unknown. One pass over the bytes.
    public func render(_ values: [String: String], as part: Part) -> Rendering {
        let bytes = Array(source.utf8)
        let brace = UInt8(ascii: "{"), closing = UInt8(ascii: "}")
        var output: [UInt8] = []
        var unknown: [String] = []
        var refused: [String] = []
        var index = 0
        var textStart = 0
        while index + 1 < bytes.count, output.count <= Self.outputLimit {
            guard bytes[index] == brace, bytes[index + 1] == brace else { index += 1; continue }
            var close = index + 2
            while close + 1 < bytes.count, !(bytes[close] == closing && bytes[close + 1] == closing) { close += 1 }
            guard close + 1 < bytes.count else { break }  // no closing: the rest is text
            output.append(contentsOf: bytes[textStart..<index])
            var end = close + 2
            if bytes[index + 2] == brace, end < bytes.count, bytes[end] == closing { end += 1 }
            let tag = String(decoding: bytes[(index + 2)..<close], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if Self.isVariableName(tag) {
                if let value = values[tag] { output.append(contentsOf: Self.treat(value, as: part).utf8) } else if !unknown.contains(tag) { unknown.append(tag) }
            } else if refused.count < 50 {
                refused.append(String(String(decoding: bytes[index..<end], as: UTF8.self).prefix(80)))
            }
            index = end
            textStart = end
        }
        if output.count <= Self.outputLimit { output.append(contentsOf: bytes[min(textStart, bytes.count)...]) }
        let truncated = output.count > Self.outputLimit
        var text = String(decoding: output.prefix(Self.outputLimit), as: UTF8.self)
        if part == .subject { text = Self.oneLine(text) }
        return Rendering(output: text, unknownNames: unknown, refusedTags: refused, truncated: truncated)
    }

    /// The tags in the source that are not plain variables (saving refuses such a template).
    public var refusedTags: [String] { render([:], as: .text).refusedTags }

    /// Letters, digits, `_` and `.`, starting with a letter: the only tags that render.
    static func isVariableName(_ tag: String) -> Bool {
        guard let first = tag.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first), tag.count <= 60 else { return false }
        return tag.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." }
    }

    static func treat(_ value: String, as part: Part) -> String {
        switch part {
        case .text: return value
        case .subject: return oneLine(value)
        case .html:
            var escaped = ""
            escaped.reserveCapacity(value.utf8.count)
            for character in value {
                switch character {
                case "<": escaped += "&lt;"
                case ">": escaped += "&gt;"
                case "&": escaped += "&amp;"
                case "\"": escaped += "&quot;"
                case "'": escaped += "&#39;"
                default: escaped.append(character)
                }
            }
            return escaped
        }
    }

    /// Control characters (CR, LF, tab, …) become spaces, so a subject stays one header line.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0 }))
    }
}
