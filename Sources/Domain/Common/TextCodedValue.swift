import Postgres

/// A value that travels as its text form everywhere — JSON strings and PostgreSQL parameters
/// and columns — and parses back from it (`Money` "29.99", `CalendarDay` "2026-12-01").
public protocol TextCodedValue: LosslessStringConvertible, Codable, PostgresEncodable, PostgresDecodable {
    /// What the text should have been, for errors: "an amount", "a date".
    static var textKind: String { get }
}

extension TextCodedValue {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not \(Self.textKind)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var postgresText: String? { description }

    public static func decode(postgresText text: String?, column: String) throws -> Self {
        guard let text, let value = Self(text) else {
            throw PostgresError(kind: .decoding, message: "column \(column) is not \(textKind): \(text ?? "NULL")")
        }
        return value
    }
}
