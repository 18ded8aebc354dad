/// A statement with its parameters, written as one string interpolation: every interpolated
/// value becomes a parameter and writes its own `$n`, numbered by position.
///
///     let query: PostgresQuery = "SELECT \(unescaped: Order.columns) FROM orders o WHERE o.id = \(id) AND o.status = \(status)"
///
/// SQL text that is not a parameter — column lists, whitelisted sort keys, a filter's
/// constant fragments — is appended explicitly with `\(unescaped: …)`, and another
/// query (a WHERE clause built elsewhere) with `\(query)`, its placeholders renumbered.
///
/// Because placeholders are numbered by position, one call site always produces the same
/// SQL text whatever its values are (NULLs included), so the connection prepares it once.
/// Parameter texts are encoded as they are interpolated and never printed: `description`
/// shows the SQL and how many parameters there are, since they may be secrets.
public struct PostgresQuery: Sendable, Hashable {
    /// The statement text with `$1…$n` placeholders.
    public private(set) var sql: String
    /// Parameter texts in placeholder order; nil is SQL NULL.
    public private(set) var parameters: [String?]
    /// Where each placeholder sits in `sql`, so an enclosing query can renumber it.
    private var placeholders: [Placeholder]

    /// One `$n` in `sql`: its UTF-8 range and the parameter (0-based) it names.
    private struct Placeholder: Sendable, Hashable {
        var offset: Int
        var length: Int
        var parameter: Int
    }

    /// A query of constant SQL text with no parameters (`$n` in it is not renumbered).
    public init(unescaped sql: String) {
        self.sql = sql
        parameters = []
        placeholders = []
    }

    /// Appends SQL text as it is: constant text only, never user input.
    public mutating func append(unescaped text: String) {
        sql.append(text)
    }

    /// Appends `value` as the next parameter, and its placeholder.
    public mutating func append<Value: PostgresEncodable>(_ value: Value) {
        parameters.append(value.postgresText)
        appendPlaceholder(parameter: parameters.count - 1)
    }

    /// Appends another query: its text, and its parameters after this query's, renumbered.
    public mutating func append(_ other: PostgresQuery) {
        let shift = parameters.count
        parameters.append(contentsOf: other.parameters)
        let text = other.sql.utf8
        var copied = text.startIndex
        for placeholder in other.placeholders {
            let start = text.index(text.startIndex, offsetBy: placeholder.offset)
            sql.append(contentsOf: Substring(text[copied..<start]))
            appendPlaceholder(parameter: placeholder.parameter + shift)
            copied = text.index(start, offsetBy: placeholder.length)
        }
        sql.append(contentsOf: Substring(text[copied...]))
    }

    private mutating func appendPlaceholder(parameter: Int) {
        let offset = sql.utf8.count
        sql.append("$")
        sql.append(String(parameter + 1))
        placeholders.append(Placeholder(offset: offset, length: sql.utf8.count - offset, parameter: parameter))
    }
}

extension PostgresQuery: ExpressibleByStringInterpolation {
    /// Constant SQL text with no parameters.
    public init(stringLiteral value: String) {
        self.init(unescaped: value)
    }

    /// The query an interpolated literal built.
    public init(stringInterpolation: StringInterpolation) {
        self = stringInterpolation.query
    }

    /// Builds a ``PostgresQuery``: literal text is SQL, `\(value)` a parameter,
    /// `\(unescaped: text)` constant SQL text, `\(query)` an embedded query.
    public struct StringInterpolation: StringInterpolationProtocol {
        var query: PostgresQuery

        /// Starts an empty query with room for the literal's text and its parameters.
        public init(literalCapacity: Int, interpolationCount: Int) {
            query = PostgresQuery(unescaped: "")
            query.sql.reserveCapacity(literalCapacity + 4 * interpolationCount)
            query.parameters.reserveCapacity(interpolationCount)
            query.placeholders.reserveCapacity(interpolationCount)
        }

        /// The literal's own text: SQL.
        public mutating func appendLiteral(_ literal: String) {
            query.append(unescaped: literal)
        }

        /// A parameter: `$n` in the text, the value's text (nil for NULL) among the parameters.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            query.append(value)
        }

        /// An optional parameter: NULL when nil, the same `$n` either way.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            query.append(value)
        }

        /// SQL text as it is: constant fragments (column lists, whitelisted sort keys), never user input.
        public mutating func appendInterpolation(unescaped text: String) {
            query.append(unescaped: text)
        }

        /// Another query, its placeholders renumbered to follow the ones before it.
        public mutating func appendInterpolation(_ other: PostgresQuery) {
            query.append(other)
        }
    }
}

extension PostgresQuery: CustomStringConvertible, CustomDebugStringConvertible {
    /// The SQL text and the number of parameters — never their values.
    public var description: String {
        "\(sql) [\(parameters.count) parameter\(parameters.count == 1 ? "" : "s")]"
    }

    /// As `description`: parameters may be secrets, so a debug print does not show them either.
    public var debugDescription: String {
        "PostgresQuery(\(sql.debugDescription), \(parameters.count) parameter\(parameters.count == 1 ? "" : "s"))"
    }
}
