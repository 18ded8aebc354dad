/// Request headers with case-insensitive names (stored lowercased).
public struct HTTPHeaders: Sendable, ExpressibleByDictionaryLiteral {
    private var storage: [String: String] = [:]

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// The value of `name`, whatever its case.
    public subscript(name: String) -> String? {
        get { storage[name.lowercased()] }
        set { storage[name.lowercased()] = newValue }
    }

    /// Every header, by lower-case name.
    public var all: [String: String] { storage }
}
