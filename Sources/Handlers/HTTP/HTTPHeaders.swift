/// Request headers with case-insensitive names (stored lowercased).
public struct HTTPHeaders: Sendable, ExpressibleByDictionaryLiteral {
    private var storage: [String: String] = [:]

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// The value of `name`, whatever its case.
    public subscript(name: String) -> String? {
        get { storage[Self.key(name)] }
        set { storage[Self.key(name)] = newValue }
    }

    /// The storage key: `name` in lower case (without Unicode case mapping when it is ASCII already lower).
    private static func key(_ name: String) -> String {
        name.utf8.allSatisfy { $0 < 0x80 && !($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) } ? name : name.lowercased()
    }

    /// Every header, by lower-case name.
    public var all: [String: String] { storage }
}
