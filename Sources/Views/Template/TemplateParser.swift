import Foundation

/// Parses the Mustache subset the portal's templates use: variables (escaped and not),
/// sections, inverted sections, comments and partials, with the specification's rule that a
/// section, comment or partial tag alone on its line leaves no blank line behind.
/// Anything else (delimiter changes, inheritance, pragmas, lambdas' transforms) is refused
/// at start-up rather than rendered wrongly. A standalone partial keeps its line's leading
/// whitespace before its first line but does not indent the lines after it (so a multi-line
/// value inside a partial is never altered).
enum TemplateParser {
    private enum Segment {
        case text(Substring)
        case tag(Tag)
    }

    private struct Tag {
        enum Kind { case variable, unescaped, section, inverted, close, comment, partial }
        let kind: Kind
        let name: String
        var standaloneCapable: Bool { kind != .variable && kind != .unescaped }
    }

    private struct OpenSection {
        let name: TemplateName
        let inverted: Bool
        let line: Int
        var nodes: [TemplateNode] = []
    }

    static func parse(_ text: String) throws(TemplateError) -> [TemplateNode] {
        var stack = [OpenSection(name: TemplateName(""), inverted: false, line: 0)]
        var pendingText: [UInt8] = []

        func flushText() {
            guard !pendingText.isEmpty else { return }
            stack[stack.count - 1].nodes.append(.text(pendingText))
            pendingText = []
        }
        func append(_ node: TemplateNode) {
            flushText()
            stack[stack.count - 1].nodes.append(node)
        }
        func apply(_ tag: Tag, line: Int) throws(TemplateError) {
            switch tag.kind {
            case .variable: append(.variable(TemplateName(tag.name), escaped: true))
            case .unescaped: append(.variable(TemplateName(tag.name), escaped: false))
            case .comment: break
            case .partial: append(.partial(tag.name))
            case .section, .inverted:
                flushText()
                stack.append(OpenSection(name: TemplateName(tag.name), inverted: tag.kind == .inverted, line: line))
            case .close:
                flushText()
                guard stack.count > 1, let open = stack.last, open.name.text == tag.name else {
                    throw TemplateError(line: line, reason: "{{/\(tag.name)}} closes no open section of that name")
                }
                stack.removeLast()
                append(.section(open.name, inverted: open.inverted, open.nodes))
            }
        }

        for (index, line) in lines(of: text).enumerated() {
            let number = index + 1
            let segments = try self.segments(of: line, number: number)
            let tags = segments.compactMap { segment -> Tag? in if case .tag(let tag) = segment { tag } else { nil } }
            let blankText = segments.allSatisfy { segment in
                if case .text(let text) = segment { text.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" } } else { true }
            }
            if tags.count == 1, tags[0].standaloneCapable, blankText {
                if tags[0].kind == .partial, case .text(let leading) = segments[0] { pendingText.append(contentsOf: leading.utf8) }
                try apply(tags[0], line: number)
                continue
            }
            for segment in segments {
                switch segment {
                case .text(let text): pendingText.append(contentsOf: text.utf8)
                case .tag(let tag): try apply(tag, line: number)
                }
            }
        }
        flushText()
        guard stack.count == 1 else {
            let open = stack[stack.count - 1]
            throw TemplateError(line: open.line, reason: "section {{\(open.inverted ? "^" : "#")\(open.name.text)}} is never closed")
        }
        return stack[0].nodes
    }

    /// Lines with their line ends; the last line may have none.
    private static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        while let newline = text[start...].firstIndex(of: "\n") {
            let end = text.index(after: newline)
            lines.append(text[start..<end])
            start = end
        }
        if start < text.endIndex { lines.append(text[start...]) }
        return lines
    }

    private static func segments(of line: Substring, number: Int) throws(TemplateError) -> [Segment] {
        var segments: [Segment] = []
        var rest = line
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { segments.append(.text(rest[..<open.lowerBound])) }
            var inner = rest[open.upperBound...]
            var closing = "}}"
            if inner.first == "{" {
                inner = inner.dropFirst()
                closing = "}}}"
            }
            guard let close = inner.range(of: closing) else {
                throw TemplateError(line: number, reason: "a tag is not closed with \(closing) on its line")
            }
            segments.append(.tag(try tag(String(inner[..<close.lowerBound]), triple: closing == "}}}", line: number)))
            rest = inner[close.upperBound...]
        }
        if !rest.isEmpty { segments.append(.text(rest)) }
        return segments
    }

    private static func tag(_ content: String, triple: Bool, line: Int) throws(TemplateError) -> Tag {
        let trimmed = content.trimmingCharacters(in: .whitespaces)
        let kind: Tag.Kind
        var name = trimmed
        if triple {
            kind = .unescaped
        } else {
            switch trimmed.first {
            case "#": kind = .section
            case "^": kind = .inverted
            case "/": kind = .close
            case "!": return Tag(kind: .comment, name: "")
            case ">": kind = .partial
            case "&": kind = .unescaped
            case "<", "$", "=", "%", "{":
                throw TemplateError(line: line, reason: "the tag {{\(content)}} is not supported by the portal's templates")
            default: kind = .variable
            }
            if kind != .variable { name = String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces) }
        }
        let allowed = kind == .partial ? "/_-." : "_."
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || allowed.contains($0) }) else {
            throw TemplateError(line: line, reason: "'\(name)' is not a usable name in {{\(content)}}")
        }
        return Tag(kind: kind, name: name)
    }
}
