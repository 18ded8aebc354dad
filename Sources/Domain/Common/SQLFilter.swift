import Postgres

/// A WHERE clause made of constant fragments for the filters actually given, with their values
/// as parameters. Each combination of filters becomes its own prepared statement whose plan can
/// use the indexes (a catch-all `$1 IS NULL OR column = $1` cannot, once the plan is generic).
/// Fragments are always string literals in the code; user text only ever travels as a value.
struct SQLFilter {
    private(set) var clauses: [String]
    private(set) var parameters: [any PostgresEncodable] = []

    init(_ fixed: String...) {
        clauses = fixed
    }

    /// Adds `fragment` (with `?` wherever the value goes) when `value` is not nil.
    mutating func add(_ fragment: StaticString, _ value: (any PostgresEncodable)?) {
        guard let value else { return }
        parameters.append(value)
        let text = "\(fragment)"
        clauses.append(text.replacingOccurrences(of: "?", with: "$\(parameters.count)"))
    }

    /// `WHERE a AND b …`, or nothing.
    var whereClause: String {
        clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
    }

    /// The placeholder for a value appended after the filters (LIMIT, say).
    mutating func append(_ value: any PostgresEncodable) -> String {
        parameters.append(value)
        return "$\(parameters.count)"
    }
}
