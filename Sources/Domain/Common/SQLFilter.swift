import Postgres

/// A WHERE clause made of constant fragments for the filters actually given, with their values
/// as parameters. Each combination of filters becomes its own prepared statement whose plan can
/// use the indexes (a catch-all `$1 IS NULL OR column = $1` cannot, once the plan is generic).
/// Fragments are always string literals in the code; user text only ever travels as a value.
///
/// `whereClause` is a ``PostgresQuery`` to embed in the statement, which numbers its
/// placeholders: `"SELECT … FROM orders o \(sql.whereClause) ORDER BY o.id DESC LIMIT \(limit)"`.
struct SQLFilter {
    /// `WHERE a AND b …` with the given values as parameters, or nothing.
    private(set) var whereClause: PostgresQuery = ""

    /// Starts with conditions that always apply (constant text, no parameters).
    init(_ fixed: StaticString...) {
        for condition in fixed { append(condition, value: nil) }
    }

    /// Adds `fragment` when `value` is not nil; each `?` in it becomes a parameter with `value`.
    mutating func add(_ fragment: StaticString, _ value: (any PostgresEncodable)?) {
        guard let value else { return }
        append(fragment, value: value)
    }

    private mutating func append(_ condition: StaticString, value: (any PostgresEncodable)?) {
        whereClause.append(unescaped: whereClause.sql.isEmpty ? "WHERE " : " AND ")
        let text = "\(condition)"
        guard let value else { return whereClause.append(unescaped: text) }
        var pieces = text.split(separator: "?", omittingEmptySubsequences: false)[...]
        whereClause.append(unescaped: String(pieces.removeFirst()))
        for piece in pieces {
            whereClause.append(value)
            whereClause.append(unescaped: String(piece))
        }
    }
}
