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

    private(set) var bytes: [UInt8] = []
    /// Open containers, innermost last, and whether each holds anything yet.
    private var open: [(kind: Container, isEmpty: Bool)] = []

    init() { bytes.reserveCapacity(8192) }

    var depth: Int { open.count }

    /// Opens an object or array for the value being written and returns its level.
    func open(_ kind: Container) -> Int {
        bytes.append(kind.opener)
        open.append((kind, true))
        return open.count - 1
    }

    /// The container of `kind` the value at `level` already opened, or a new one; returns its level.
    func open(_ kind: Container, at level: Int) -> Int {
        guard open.count > level, open[level].kind == kind else { return open(kind) }
        close(downTo: level + 1)
        return level
    }

    /// Closes containers until `depth` remain (a nested container ends when its parent writes on).
    func close(downTo depth: Int) {
        while open.count > depth { bytes.append(open.removeLast().kind.closer) }
    }

    /// Starts the next entry of the container at `level`: closes what is nested deeper, writes a comma if needed.
    func beginEntry(at level: Int) {
        close(downTo: level + 1)
        if open[level].isEmpty { open[level].isEmpty = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    func writeKey(_ key: String) {
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    func writeRaw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    func writeString(_ text: String) { Self.appendString(text, to: &bytes) }

    /// Works on the buffer as one `inout` access: a class property touched per byte pays a
    /// dynamic exclusivity check per byte.
    private static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most text needs no escape at all: then it is copied in one go.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
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
                bytes.append(contentsOf: "\\u00".utf8)
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
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { writeRaw(String(Int64(value))) } else { writeRaw("\(value)") }
    }

    /// One value: scalars directly, anything else through its own `encode(to:)`.
    func writeValue<T: Encodable>(_ value: T) throws {
        switch value {
        case let text as String: writeString(text)
        case let number as Int: writeRaw(String(number))
        case let flag as Bool: writeRaw(flag ? "true" : "false")
        case let date as Date: writeString(UTCTimestamp.rfc3339(date))
        case let number as Double: try writeDouble(number)
        case let number as any BinaryInteger: writeRaw("\(number)")
        case let number as Float: if number == number.rounded() { try writeDouble(Double(number)) } else { writeRaw("\(number)") }
        default:
            // Every standard scalar is handled above: their own encode(to:) would come back here.
            let depth = self.depth, count = bytes.count
            try value.encode(to: JSONByteEncoder(writer: self))
            close(downTo: depth)
            if bytes.count == count { writeRaw("{}") }
        }
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
