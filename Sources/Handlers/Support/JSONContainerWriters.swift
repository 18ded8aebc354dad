/// Keyed, unkeyed and single-value containers of ``JSONByteEncoder``: each writes its entries
/// into the shared ``JSONByteWriter`` at its own nesting level.
struct JSONKeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONByteWriter
    let level: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        begin(key)
        writer.writeNull()
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        begin(key)
        try writer.writeValue(value)
    }

    // The common scalars directly: the generic path finds their type with a dynamic cast per value.
    mutating func encode(_ value: String, forKey key: Key) throws {
        begin(key)
        writer.writeString(value)
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        begin(key)
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        begin(key)
        writer.writeBool(value)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        begin(key)
        try writer.writeDouble(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        begin(key)
        return KeyedEncodingContainer(JSONKeyedWriter<NestedKey>(writer: writer, level: writer.open(.object)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        begin(key)
        return JSONUnkeyedWriter(writer: writer, level: writer.open(.array))
    }

    mutating func superEncoder() -> any Encoder {
        writer.beginEntry(at: level)
        writer.writeKey("super")
        return JSONByteEncoder(writer: writer)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        begin(key)
        return JSONByteEncoder(writer: writer)
    }

    private func begin(_ key: Key) {
        writer.beginEntry(at: level)
        writer.writeKey(key.stringValue)
    }
}

struct JSONUnkeyedWriter: UnkeyedEncodingContainer {
    let writer: JSONByteWriter
    let level: Int
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0

    init(writer: JSONByteWriter, level: Int) {
        self.writer = writer
        self.level = level
    }

    mutating func encodeNil() throws {
        begin()
        writer.writeNull()
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        begin()
        try writer.writeValue(value)
    }

    mutating func encode(_ value: String) throws {
        begin()
        writer.writeString(value)
    }

    mutating func encode(_ value: Int) throws {
        begin()
        writer.writeInteger(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        begin()
        return KeyedEncodingContainer(JSONKeyedWriter<NestedKey>(writer: writer, level: writer.open(.object)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        begin()
        return JSONUnkeyedWriter(writer: writer, level: writer.open(.array))
    }

    mutating func superEncoder() -> any Encoder {
        begin()
        return JSONByteEncoder(writer: writer)
    }

    private mutating func begin() {
        writer.beginEntry(at: level)
        count += 1
    }
}

struct JSONSingleValueWriter: SingleValueEncodingContainer {
    let writer: JSONByteWriter
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { writer.writeNull() }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try writer.writeValue(value)
    }

    // Every standard scalar concretely: `writeValue` sends the types it does not know to their
    // own `encode(to:)`, which lands here — through the generic method it would recurse.
    mutating func encode(_ value: String) throws { writer.writeString(value) }
    mutating func encode(_ value: Bool) throws { writer.writeBool(value) }
    mutating func encode(_ value: Double) throws { try writer.writeDouble(value) }
    mutating func encode(_ value: Float) throws {
        if value == value.rounded() { try writer.writeDouble(Double(value)) } else { writer.writeRaw("\(value)") }
    }
    mutating func encode(_ value: Int) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { writer.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { writer.writeInteger(value) }
}
