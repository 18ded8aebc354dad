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
        for condition in fixed {
            whereClause.append(unescaped: whereClause.sql.isEmpty ? "WHERE " : " AND ")
            whereClause.append(unescaped: "\(condition)")
        }
    }

    /// Adds `fragment` when `value` is not nil; each `?` in it becomes a parameter with `value`.
    /// Generic, so an absent filter costs a nil check, not an existential box.
    mutating func add<Value: PostgresEncodable>(_ fragment: StaticString, _ value: Value?) {
        guard let value else { return }
        whereClause.append(unescaped: whereClause.sql.isEmpty ? "WHERE " : " AND ")
        let text = "\(fragment)"
        var pieces = text.split(separator: "?", omittingEmptySubsequences: false)[...]
        whereClause.append(unescaped: String(pieces.removeFirst()))
        for piece in pieces {
            whereClause.append(value)
            whereClause.append(unescaped: String(piece))
        }
    }
}
