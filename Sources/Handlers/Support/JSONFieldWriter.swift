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
    mutating func write(_ key: StaticString, _ value: String?) {
        begin(key)
        if let value { writer.writeString(value) } else { writer.writeRaw("null") }
    }
    mutating func write(_ key: StaticString, _ value: Int) { begin(key); writer.writeRaw(String(value)) }
    mutating func write(_ key: StaticString, _ value: Int?) { begin(key); writer.writeRaw(value.map { String($0) } ?? "null") }
    mutating func write(_ key: StaticString, _ value: Bool) { begin(key); writer.writeRaw(value ? "true" : "false") }
    mutating func write(_ key: StaticString, _ value: Date) { begin(key); writer.writeString(UTCTimestamp.rfc3339(value)) }
    mutating func write(_ key: StaticString, _ value: Date?) {
        begin(key)
        if let value { writer.writeString(UTCTimestamp.rfc3339(value)) } else { writer.writeRaw("null") }
    }
    mutating func write(_ key: StaticString, _ value: [String]) {
        begin(key)
        writer.writeStrings(value)
    }
    mutating func write<Value: TextCodedValue>(_ key: StaticString, _ value: Value?) {
        begin(key)
        if let value { writer.writeString(value.description) } else { writer.writeRaw("null") }
    }
    mutating func write<Value: RawRepresentable & Encodable>(_ key: StaticString, _ value: Value?) where Value.RawValue == String {
        begin(key)
        if let value { writer.writeString(value.rawValue) } else { writer.writeRaw("null") }
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
