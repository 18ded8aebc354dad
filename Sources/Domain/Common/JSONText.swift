import Foundation
import Postgres

/// A `jsonb` parameter from a JSON value.
struct JSONText: PostgresEncodable {
    let value: JSONValue
    init(_ value: JSONValue) { self.value = value }

    var postgresText: String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
