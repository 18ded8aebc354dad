import Foundation

/// A Swift value that can be read from a column's text form.
public protocol PostgresDecodable {
    /// Builds the value from `text` (nil is SQL NULL); throws `.decoding` when it cannot.
    static func decode(postgresText text: String?, column: String) throws -> Self
    /// Builds the value from the column's text as UTF-8 bytes (nil is SQL NULL). The default makes
    /// a `String` and calls `decode(postgresText:column:)`; numbers, booleans and times read the
    /// bytes directly (no string per cell).
    static func decode(postgresBytes bytes: UnsafeRawBufferPointer?, column: String) throws -> Self
}

extension PostgresDecodable {
    @inlinable
    public static func decode(postgresBytes bytes: UnsafeRawBufferPointer?, column: String) throws -> Self {
        try decodeAsText(bytes, column: column)
    }

    /// The bytes as a `String` through `decode(postgresText:column:)`: the default, and the way
    /// out of a fast path for text it does not take.
    @inlinable
    public static func decodeAsText(_ bytes: UnsafeRawBufferPointer?, column: String) throws -> Self {
        try decode(postgresText: bytes.map { String(decoding: $0, as: UTF8.self) }, column: column)
    }

    @usableFromInline
    static func notNull(_ bytes: UnsafeRawBufferPointer?, _ column: String) throws -> UnsafeRawBufferPointer {
        guard let bytes else {
            throw PostgresError(kind: .decoding, message: "column \(column) is NULL, expected \(Self.self)")
        }
        return bytes
    }

    static func notNull(_ text: String?, _ column: String) throws -> String {
        guard let text else {
            throw PostgresError(kind: .decoding, message: "column \(column) is NULL, expected \(Self.self)")
        }
        return text
    }

    @usableFromInline
    static func mismatch(_ text: String, _ column: String) -> PostgresError {
        PostgresError(kind: .decoding, message: "column \(column): cannot read \(text.prefix(40)) as \(Self.self)")
    }
}

extension String: PostgresDecodable {
    public static func decode(postgresText text: String?, column: String) throws -> String {
        try notNull(text, column)
    }
}

extension Int: PostgresDecodable {
    public static func decode(postgresText text: String?, column: String) throws -> Int {
        let text = try notNull(text, column)
        guard let value = Int(text) else { throw mismatch(text, column) }
        return value
    }

    @inlinable
    public static func decode(postgresBytes bytes: UnsafeRawBufferPointer?, column: String) throws -> Int {
        let bytes = try notNull(bytes, column)
        guard let value = ASCIIDecimal.integer(bytes) else { throw mismatch(String(decoding: bytes, as: UTF8.self), column) }
        return value
    }
}

extension Int64: PostgresDecodable {
    public static func decode(postgresText text: String?, column: String) throws -> Int64 {
        let text = try notNull(text, column)
        guard let value = Int64(text) else { throw mismatch(text, column) }
        return value
    }
}

extension Bool: PostgresDecodable {
    @inlinable
    public static func decode(postgresBytes bytes: UnsafeRawBufferPointer?, column: String) throws -> Bool {
        let bytes = try notNull(bytes, column)
        if bytes.count == 1 && bytes[0] == UInt8(ascii: "t") { return true }
        if bytes.count == 1 && bytes[0] == UInt8(ascii: "f") { return false }
        return try decode(postgresText: String(decoding: bytes, as: UTF8.self), column: column)
    }

    public static func decode(postgresText text: String?, column: String) throws -> Bool {
        switch try notNull(text, column) {
        case "t", "true": return true
        case "f", "false": return false
        case let other: throw mismatch(other, column)
        }
    }
}

extension UUID: PostgresDecodable {
    public static func decode(postgresText text: String?, column: String) throws -> UUID {
        let text = try notNull(text, column)
        guard let value = UUID(uuidString: text) else { throw mismatch(text, column) }
        return value
    }
}

extension Date: PostgresDecodable {
    public static func decode(postgresText text: String?, column: String) throws -> Date {
        let text = try notNull(text, column)
        guard let value = PostgresTimestamp.parse(text) else { throw mismatch(text, column) }
        return value
    }

    @inlinable
    public static func decode(postgresBytes bytes: UnsafeRawBufferPointer?, column: String) throws -> Date {
        let bytes = try notNull(bytes, column)
        guard let value = PostgresTimestamp.parse(bytes) else { throw mismatch(String(decoding: bytes, as: UTF8.self), column) }
        return value
    }
}

extension PostgresBytes: PostgresDecodable {
    public static func decode(postgresText text: String?, column: String) throws -> PostgresBytes {
        let text = try notNull(text, column)
        guard text.hasPrefix("\\x"), text.count % 2 == 0 else { throw mismatch(text, column) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2 - 1)
        var index = text.index(text.startIndex, offsetBy: 2)
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { throw mismatch(text, column) }
            bytes.append(byte)
            index = next
        }
        return PostgresBytes(bytes)
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: String?, column: String) throws -> Wrapped? {
        guard let text else { return nil }
        return try Wrapped.decode(postgresText: text, column: column)
    }

    @inlinable
    public static func decode(postgresBytes bytes: UnsafeRawBufferPointer?, column: String) throws -> Wrapped? {
        guard let bytes else { return nil }
        return try Wrapped.decode(postgresBytes: bytes, column: column)
    }
}

/// Plain ASCII decimal integers (`-12`, `345`) read from bytes, as `Int(String)` reads them.
public enum ASCIIDecimal {
    /// The unsigned number the digits in `range` of `bytes` spell (a fixed-width field such as a
    /// date's month), or nil when one is not a digit.
    public static func digits(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let digit = Int(bytes[index]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// The integer `bytes` spell, or nil (empty, a non-digit, or out of range).
    @inlinable
    public static func integer(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0, negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        var value = 0
        while index < bytes.count {
            let digit = Int(bytes[index]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow1 && !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return value
    }
}
