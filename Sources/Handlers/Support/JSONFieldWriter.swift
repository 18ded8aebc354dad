import Domain
import Foundation

/// Writes a ``FieldWritable`` model's fields straight into the JSON output: each field is a key
/// copied as is (keys are literals in the code), a comma and its value — no keyed-container box,
/// no `CodingKey`, no generic dispatch per field.
struct JSONFieldWriter: FieldWriter {
    let writer: JSONByteWriter
    /// The level of the object the fields go into.
    let level: Int

    mutating func write(_ key: StaticString, _ value: String) { begin(key); writer.writeString(value) }
    mutating func write(_ key: StaticString, _ value: String?) { begin(key); writer.writeOptional(value, writer.writeString) }
    mutating func write(_ key: StaticString, _ value: Int) { begin(key); writer.writeInteger(value) }
    mutating func write(_ key: StaticString, _ value: Int?) { begin(key); writer.writeOptional(value, writer.writeInteger) }
    mutating func write(_ key: StaticString, _ value: Bool) { begin(key); writer.writeBool(value) }
    mutating func write(_ key: StaticString, _ value: Date) { begin(key); writer.writeDate(value) }
    mutating func write(_ key: StaticString, _ value: Date?) { begin(key); writer.writeOptional(value, writer.writeDate) }
    mutating func write(_ key: StaticString, _ value: [String]) { begin(key); writer.writeStrings(value) }
    mutating func write<Value: TextCodedValue>(_ key: StaticString, _ value: Value?) {
        begin(key)
        writer.writeOptional(value) { writer.writeString($0.description) }
    }
    mutating func write<Value: RawRepresentable & Encodable>(_ key: StaticString, _ value: Value?) where Value.RawValue == String {
        begin(key)
        writer.writeOptional(value) { writer.writeString($0.rawValue) }
    }
    mutating func write<Value: Encodable>(_ key: StaticString, _ value: Value) throws {
        begin(key)
        try writer.writeValue(value)
    }

    private func begin(_ key: StaticString) {
        writer.beginEntry(at: level)
        writer.writeKey(literal: key)
    }
}
