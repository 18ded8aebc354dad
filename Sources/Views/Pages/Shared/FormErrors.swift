/// Field errors keyed by field name, for showing each next to its input.
public struct FormErrors: Sendable {
    private var messages: [String: String] = [:]

    public init(_ pairs: [(field: String, message: String)] = []) {
        for pair in pairs where messages[pair.field] == nil { messages[pair.field] = pair.message }
    }

    public subscript(field: String) -> String? { messages[field] }
    public var isEmpty: Bool { messages.isEmpty }
}
