/// HTML that the portal's own renderers produced — never text a person typed — and that a
/// template therefore inserts as is with `{{{name}}}`.
///
/// Only code in Views can make one (its initialiser is internal), so a view model cannot turn
/// arbitrary text into live markup by accident: `{{name}}` on a ``String`` always escapes.
/// Empty markup counts as absent, so `{{#name}}…{{/name}}` skips it.
public struct HTMLMarkup: Sendable, Equatable, TemplateValueConvertible {
    /// The HTML as UTF-8.
    public let bytes: [UInt8]

    /// Markup made by a renderer in this module (Markdown, SVG …).
    init(rendered bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// No markup.
    public static let empty = HTMLMarkup(rendered: [])

    /// The HTML as text.
    public var html: String { String(decoding: bytes, as: UTF8.self) }

    /// True when there is no markup at all.
    public var isEmpty: Bool { bytes.isEmpty }

    public var templateValue: TemplateValue? { bytes.isEmpty ? nil : .markup(bytes) }
}
