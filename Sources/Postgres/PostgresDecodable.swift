import Foundation

/// A Swift value that can be read from a column's text form.
public protocol PostgresDecodable {
    /// Builds the value from `text` (nil is SQL NULL); throws `.decoding` when it cannot.
    static func decode(postgresText text: String?, column: String) throws -> Self
}

extension PostgresDecodable {
    static func notNull(_ text: String?, _ column: String) throws -> String {
        guard let text else {
            throw PostgresError(kind: .decoding, message: "column \(column) is NULL, expected \(Self.self)")
        }
        return text
    }

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
}

extension Int64: PostgresDecodable {
    public static func decode(postgresText text: String?, column: String) throws -> Int64 {
        let text = try notNull(text, column)
        guard let value = Int64(text) else { throw mismatch(text, column) }
        return value
    }
}

extension Bool: PostgresDecodable {
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
}
