import Foundation

/// Takes a model's fields in order, by name. A model that lists its fields once for a
/// `FieldWriter` (``FieldWritable``) is `Encodable` through any encoder, and a writer that
/// knows its output (the API's JSON) can take them without Codable's boxed containers — about
/// 150 ns a field, most of a server list response's encoding.
public protocol FieldWriter {
    mutating func write(_ key: StaticString, _ value: String) throws
    mutating func write(_ key: StaticString, _ value: String?) throws
    mutating func write(_ key: StaticString, _ value: Int) throws
    mutating func write(_ key: StaticString, _ value: Int?) throws
    mutating func write(_ key: StaticString, _ value: Bool) throws
    mutating func write(_ key: StaticString, _ value: Date) throws
    mutating func write(_ key: StaticString, _ value: Date?) throws
    mutating func write(_ key: StaticString, _ value: [String]) throws
    /// A value written as its text (an amount, a calendar day), nil as null.
    mutating func write<Value: TextCodedValue>(_ key: StaticString, _ value: Value?) throws
    /// A string enum, as its raw value; nil as null.
    mutating func write<Value: RawRepresentable & Encodable>(_ key: StaticString, _ value: Value?) throws where Value.RawValue == String
    /// Any other value, as its own `encode(to:)` writes it (nil as null).
    mutating func write<Value: Encodable>(_ key: StaticString, _ value: Value) throws
}

/// A model that lists its fields once, in the order its JSON shows them. Keys are literals in
/// the code: writers may copy them without escaping.
public protocol FieldWritable: Encodable {
    func writeFields<Writer: FieldWriter>(to writer: inout Writer) throws
}

extension FieldWritable {
    /// The fields into a keyed container, each present (a nil is written as null).
    public func encode(to encoder: Encoder) throws {
        var writer = KeyedFieldWriter(container: encoder.container(keyedBy: FieldKey.self))
        try writeFields(to: &writer)
    }
}

private struct FieldKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A ``FieldWriter`` over any encoder's keyed container.
private struct KeyedFieldWriter: FieldWriter {
    var container: KeyedEncodingContainer<FieldKey>

    private func key(_ key: StaticString) -> FieldKey { FieldKey(stringValue: "\(key)") }
    mutating func write(_ key: StaticString, _ value: String) throws { try container.encode(value, forKey: self.key(key)) }
    mutating func write(_ key: StaticString, _ value: String?) throws { try container.encode(value, forKey: self.key(key)) }
    mutating func write(_ key: StaticString, _ value: Int) throws { try container.encode(value, forKey: self.key(key)) }
    mutating func write(_ key: StaticString, _ value: Int?) throws { try container.encode(value, forKey: self.key(key)) }
    mutating func write(_ key: StaticString, _ value: Bool) throws { try container.encode(value, forKey: self.key(key)) }
    mutating func write(_ key: StaticString, _ value: Date) throws { try container.encode(value, forKey: self.key(key)) }
    mutating func write(_ key: StaticString, _ value: Date?) throws { try container.encode(value, forKey: self.key(key)) }
    mutating func write(_ key: StaticString, _ value: [String]) throws { try container.encode(value, forKey: self.key(key)) }
    mutating func write<Value: TextCodedValue>(_ key: StaticString, _ value: Value?) throws { try container.encode(value, forKey: self.key(key)) }
    mutating func write<Value: RawRepresentable & Encodable>(_ key: StaticString, _ value: Value?) throws where Value.RawValue == String {
        try container.encode(value, forKey: self.key(key))
    }
    mutating func write<Value: Encodable>(_ key: StaticString, _ value: Value) throws { try container.encode(value, forKey: self.key(key)) }
}
