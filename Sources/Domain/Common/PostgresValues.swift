import Foundation
import Postgres

/// A `text[]` parameter, written in PostgreSQL's array literal form with every element quoted.
struct PostgresTextArray: PostgresEncodable {
    let values: [String]
    init(_ values: [String]) { self.values = values }

    var postgresText: String? {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }
}

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
