/// Parsed templates by name, rendered straight into UTF-8 bytes.
///
/// Rendering appends to one output buffer (no string per tag), escapes HTML byte-wise,
/// and reads view models through ``TemplateValue`` (direct lookups, no dynamic casts for
/// models that conform to ``TemplateObject``). Read-only after start-up, so any thread may render.
struct TemplateLibrary: Sendable {
    private var templates: [String: [TemplateNode]] = [:]

    /// Parses `text` and keeps it under `name` (also the name partials use).
    mutating func register(_ text: String, named name: String) throws(TemplateError) {
        templates[name] = try TemplateParser.parse(text)
    }

    func contains(_ name: String) -> Bool { templates[name] != nil }

    /// Renders template `name` with `value` at the bottom of the context stack; nil if there is no such template.
    func render(_ value: TemplateValue, template name: String, sizeHint: Int = 16_384) -> [UInt8]? {
        guard let nodes = templates[name] else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(sizeHint)
        var stack = [value]
        render(nodes, stack: &stack, into: &output)
        return output
    }

    private func render(_ nodes: [TemplateNode], stack: inout [TemplateValue], into output: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .variable(let name, let escaped):
                if let value = lookup(name, in: stack) { write(value, escaped: escaped, into: &output) }
            case .section(let name, let inverted, let children):
                let value = lookup(name, in: stack)
                if inverted {
                    if Self.isEmpty(value) { render(children, stack: &stack, into: &output) }
                    continue
                }
                switch value {
                case nil, .bool(false): break
                case .bool(true): render(children, stack: &stack, into: &output)
                case .list(let items):
                    for item in items {
                        stack.append(item)
                        render(children, stack: &stack, into: &output)
                        stack.removeLast()
                    }
                case .some(let value):
                    stack.append(value)
                    render(children, stack: &stack, into: &output)
                    stack.removeLast()
                }
            case .partial(let name):
                if let partial = templates[name] { render(partial, stack: &stack, into: &output) }
            }
        }
    }

    /// The first value on the stack, top down, that has the name's first part; then down its path.
    private func lookup(_ name: TemplateName, in stack: [TemplateValue]) -> TemplateValue? {
        guard let first = name.path.first else { return stack.last }
        var index = stack.count
        while index > 0 {  // by index: iterating `stack.reversed()` copied (retained) every candidate
            index -= 1
            guard var found = stack[index].child(named: first) else { continue }
            for part in name.path.dropFirst() {
                guard let next = found.child(named: part) else { return nil }
                found = next
            }
            return found
        }
        return nil
    }

    private static func isEmpty(_ value: TemplateValue?) -> Bool {
        switch value {
        case nil, .bool(false): return true
        case .list(let items): return items.isEmpty
        default: return false
        }
    }

    private func write(_ value: TemplateValue, escaped: Bool, into output: inout [UInt8]) {
        let text: String
        switch value {
        case .markup(let bytes) where !escaped:
            output.append(contentsOf: bytes)
            return
        case .markup(let bytes): text = String(decoding: bytes, as: UTF8.self)
        case .string(let string): text = string
        case .bool(let flag): text = flag ? "true" : "false"
        case .int(let number): text = String(number)
        case .list(let items): text = String(describing: items)
        case .object(let object): text = String(describing: object)
        case .reflected(let any): text = String(describing: any)
        }
        if escaped { HTMLEscaping.append(text, to: &output) } else { output.append(contentsOf: text.utf8) }
    }
}
