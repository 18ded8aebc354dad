import Domain

/// Field errors keyed by field name, for showing each next to its input.
public struct FormErrors: Sendable {
    private var messages: [String: String] = [:]

    public init(_ pairs: [(field: String, message: String)] = []) {
        for pair in pairs where messages[pair.field] == nil { messages[pair.field] = pair.message }
    }

    public subscript(field: String) -> String? { messages[field] }
    public var isEmpty: Bool { messages.isEmpty }
}

extension FormErrors {
    /// The field issues of a refused change.
    public init(_ issues: [FieldIssue]) {
        self.init(issues.map { ($0.field, $0.message) })
    }
}
