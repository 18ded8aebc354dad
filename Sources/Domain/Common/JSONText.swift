import Foundation
import Postgres

/// A `jsonb` parameter from a JSON value.
struct JSONText: PostgresEncodable {
    let value: JSONValue
    init(_ value: JSONValue) { self.value = value }

    var postgresText: String? { Self.text(value) }

    /// `value` as JSON text with sorted keys ("{}" if it cannot be encoded).
    static func text(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
