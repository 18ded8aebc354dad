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

/// A ``FieldWriter`` over any encoder's keyed container: every field through `encode(_:forKey:)`
/// (the typed requirements take their defaults below).
private struct KeyedFieldWriter: FieldWriter {
    var container: KeyedEncodingContainer<FieldKey>

    mutating func write<Value: Encodable>(_ key: StaticString, _ value: Value) throws {
        try container.encode(value, forKey: FieldKey(stringValue: "\(key)"))
    }
}

extension FieldWriter {
    // Defaults: each typed field as any other value. A writer that knows its output overrides them.
    public mutating func write(_ key: StaticString, _ value: String) throws { try encodable(key, value) }
    public mutating func write(_ key: StaticString, _ value: String?) throws { try encodable(key, value) }
    public mutating func write(_ key: StaticString, _ value: Int) throws { try encodable(key, value) }
    public mutating func write(_ key: StaticString, _ value: Int?) throws { try encodable(key, value) }
    public mutating func write(_ key: StaticString, _ value: Bool) throws { try encodable(key, value) }
    public mutating func write(_ key: StaticString, _ value: Date) throws { try encodable(key, value) }
    public mutating func write(_ key: StaticString, _ value: Date?) throws { try encodable(key, value) }
    public mutating func write(_ key: StaticString, _ value: [String]) throws { try encodable(key, value) }
    public mutating func write<Value: TextCodedValue>(_ key: StaticString, _ value: Value?) throws { try encodable(key, value) }
    public mutating func write<Value: RawRepresentable & Encodable>(_ key: StaticString, _ value: Value?) throws
        where Value.RawValue == String { try encodable(key, value) }

    /// The generic requirement: inside a generic context only it matches, so a default cannot call itself.
    private mutating func encodable<Value: Encodable>(_ key: StaticString, _ value: Value) throws { try write(key, value) }
}
