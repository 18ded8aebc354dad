import Domain
import Foundation

/// Encodes an `Encodable` straight into UTF-8 JSON bytes while `encode(to:)` runs.
///
/// Foundation's `JSONEncoder` first builds a tree of boxed values and then serialises it
/// (with sorted keys, half of a list response's CPU time in the profile). This writer keeps
/// keys in the order `encode(to:)` writes them, writes dates as RFC 3339 UTC text, and
/// escapes strings as JSON requires (slashes stay unescaped). Coding paths are not tracked
/// (building one per value cost an allocation each); an encoding error names no path.
enum JSONStreamEncoder {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let writer = JSONByteWriter()
        try writer.writeValue(value)
        writer.close(downTo: 0)
        return writer.bytes
    }
}

/// The output and the stack of open containers, shared by every container of one encoding.
final class JSONByteWriter {
    enum Container {
        case object, array

        var opener: UInt8 { self == .object ? UInt8(ascii: "{") : UInt8(ascii: "[") }
        var closer: UInt8 { self == .object ? UInt8(ascii: "}") : UInt8(ascii: "]") }
    }

    /// The output and the open containers (innermost last, and whether each holds anything yet),
    /// behind a pointer: a class's stored `var` pays a dynamic exclusivity check on every access,
    /// several per field written (5 % of a list response's CPU). The writer is one thread's.
    private struct State: ~Copyable {
        var bytes = ByteBuffer(capacity: 8192)
        var open: [(kind: Container, isEmpty: Bool)] = []
    }

    private let state: UnsafeMutablePointer<State>

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    var bytes: [UInt8] { state.pointee.bytes.array }

    var depth: Int { state.pointee.open.count }

    /// Opens an object or array for the value being written and returns its level.
    func open(_ kind: Container) -> Int {
        state.pointee.bytes.append(kind.opener)
        state.pointee.open.append((kind, true))
        return state.pointee.open.count - 1
    }

    /// The container of `kind` the value at `level` already opened, or a new one; returns its level.
    func open(_ kind: Container, at level: Int) -> Int {
        guard state.pointee.open.count > level, state.pointee.open[level].kind == kind else { return open(kind) }
        close(downTo: level + 1)
        return level
    }

    /// Closes containers until `depth` remain (a nested container ends when its parent writes on).
    func close(downTo depth: Int) {
        while state.pointee.open.count > depth { state.pointee.bytes.append(state.pointee.open.removeLast().kind.closer) }
    }

    /// Starts the next entry of the container at `level`: closes what is nested deeper, writes a comma if needed.
    func beginEntry(at level: Int) {
        close(downTo: level + 1)
        if state.pointee.open[level].isEmpty { state.pointee.open[level].isEmpty = false } else { state.pointee.bytes.append(UInt8(ascii: ",")) }
    }

    func writeKey(_ key: String) {
        Self.appendString(key, to: &state.pointee.bytes)
        state.pointee.bytes.append(UInt8(ascii: ":"))
    }

    /// A key written in the code (no quote or backslash in it): copied without the escape scan.
    func writeKey(literal key: StaticString) {
        state.pointee.bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { state.pointee.bytes.append(contentsOf: $0) }
        state.pointee.bytes.append(UInt8(ascii: "\""))
        state.pointee.bytes.append(UInt8(ascii: ":"))
    }

    func writeRaw(_ text: String) { state.pointee.bytes.append(contentsOf: text) }

    // Each JSON scalar spelled once, for the Codable containers and the field writer alike.
    func writeNull() { writeRaw("null") }
    func writeBool(_ value: Bool) { writeRaw(value ? "true" : "false") }
    func writeInteger(_ value: some FixedWidthInteger) { writeRaw(String(value)) }
    func writeDate(_ date: Date) { writeString(UTCTimestamp.rfc3339(date)) }

    /// `value` through `write`, or null.
    @inline(__always)
    func writeOptional<Value>(_ value: Value?, _ write: (Value) -> Void) {
        if let value { write(value) } else { writeNull() }
    }

    func writeString(_ text: String) { Self.appendString(text, to: &state.pointee.bytes) }

    /// `["a","b"]`.
    func writeStrings(_ texts: [String]) {
        state.pointee.bytes.append(UInt8(ascii: "["))
        for (index, text) in texts.enumerated() {
            if index > 0 { state.pointee.bytes.append(UInt8(ascii: ",")) }
            Self.appendString(text, to: &state.pointee.bytes)
        }
        state.pointee.bytes.append(UInt8(ascii: "]"))
    }

    private static func appendString(_ text: String, to bytes: inout ByteBuffer) {
        bytes.append(UInt8(ascii: "\""))
        // Most text needs no escape at all: then it is copied in one go, scanned as contiguous bytes
        // (through `String.UTF8View` the scan was a protocol call per byte).
        var text = text
        let clean = text.withUTF8 { utf8 in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if clean {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "f"))
            case 0..<0x20:
                let hex: StaticString = "0123456789abcdef"
                bytes.append(contentsOf: "\\u00")
                bytes.append(hex.utf8Start[Int(byte >> 4)])
                bytes.append(hex.utf8Start[Int(byte & 15)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    func writeDouble(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "JSON has no \(value)"))
        }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { writeInteger(Int64(value)) } else { writeRaw("\(value)") }
    }

    /// One value: scalars directly, anything else through its own `encode(to:)`. The common types
    /// are told apart by comparing metatypes (a pointer compare each); a failed `as` cast, to a
    /// protocol above all, looks up conformances (6 % of a list response's CPU).
    func writeValue<T: Encodable>(_ value: T) throws {
        if T.self == String.self { return writeString(value as! String) }
        if T.self == Int.self { return writeInteger(value as! Int) }
        if T.self == Bool.self { return writeBool(value as! Bool) }
        if T.self == Date.self { return writeDate(value as! Date) }
        if T.self == Int?.self { return writeOptional(value as! Int?, writeInteger) }
        if T.self == String?.self { return writeOptional(value as! String?, writeString) }
        if T.self == Date?.self { return writeOptional(value as! Date?, writeDate) }
        if let model = value as? any FieldWritable {
            let level = open(.object)
            var fields = JSONFieldWriter(writer: self, level: level)
            try model.writeFields(to: &fields)
            return close(downTo: level)
        }
        // Anything else writes itself; a standard scalar comes back through the single-value
        // container's concrete overloads, so it cannot recurse.
        let depth = self.depth, count = state.pointee.bytes.count
        try value.encode(to: JSONByteEncoder(writer: self))
        close(downTo: depth)
        if state.pointee.bytes.count == count { writeRaw("{}") }
    }
}

/// The `Encoder` a value's `encode(to:)` sees.
struct JSONByteEncoder: Encoder {
    let writer: JSONByteWriter
    /// The nesting level this encoder's value starts at. A second `container(keyedBy:)` for the
    /// same value (a type that lets another encode into its encoder first) continues the open object.
    let level: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(writer: JSONByteWriter) {
        self.writer = writer
        level = writer.depth
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(JSONKeyedWriter<Key>(writer: writer, level: writer.open(.object, at: level)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedWriter(writer: writer, level: writer.open(.array, at: level))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueWriter(writer: writer)
    }
}
