/// One piece of a parsed template.
indirect enum TemplateNode: Sendable {
    /// Literal text, kept as UTF-8 so rendering copies bytes.
    case text([UInt8])
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}` (as is).
    case variable(TemplateName, escaped: Bool)
    /// `{{#name}}…{{/name}}` or, inverted, `{{^name}}…{{/name}}`.
    case section(TemplateName, inverted: Bool, [TemplateNode])
    /// `{{>name}}`, rendered with the current context stack.
    case partial(String)
}

/// A tag's name: `.` (the current value) or a dotted path looked up from the top of the stack down.
struct TemplateName: Sendable, Equatable {
    /// Empty for `.`.
    let path: [String]
    let text: String

    init(_ text: String) {
        self.text = text
        path = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}

/// Why a template does not parse; names the template line.
public struct TemplateError: Error, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public var description: String { "line \(line): \(reason)" }
}
