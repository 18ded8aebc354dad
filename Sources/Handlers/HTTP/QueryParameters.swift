/// Decoded `name=value` pairs of a query string or urlencoded form, in order.
public struct QueryParameters: Sendable {
    public private(set) var pairs: [(name: String, value: String)]

    public init(pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
    }

    /// Parses `a=1&b=2`; throws a 400 `HTTPError` on a broken escape or invalid UTF-8.
    public init(parsing text: Substring, source: String = "query string") throws {
        var pairs: [(name: String, value: String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = part.firstIndex(of: "=") {
                name = part[..<equals]
                value = part[part.index(after: equals)...]
            } else {
                name = part
                value = ""
            }
            guard let decodedName = PercentDecoding.decode(name, plusIsSpace: true),
                let decodedValue = PercentDecoding.decode(value, plusIsSpace: true)
            else {
                throw HTTPError(.badRequest, detail: "The \(source) has a broken percent-escape or is not UTF-8.")
            }
            pairs.append((decodedName, decodedValue))
        }
        self.pairs = pairs
    }

    /// The first value named `name`.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value named `name`.
    public func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// The first value of each of `names` that is present, by name.
    public func values(_ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names { if let value = self[name] { values[name] = value } }
        return values
    }
}
