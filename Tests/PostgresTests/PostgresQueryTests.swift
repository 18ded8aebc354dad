import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Queries that number their own parameters")
struct PostgresQueryTests {
    @Test("each interpolated value becomes the next $n, literal text stays SQL")
    func numbering() {
        let query: PostgresQuery = "SELECT a FROM t WHERE b = \(7) AND c = \("x") OR d = \(true)"
        #expect(query.sql == "SELECT a FROM t WHERE b = $1 AND c = $2 OR d = $3")
        #expect(query.parameters == ["7", "x", "t"])
        let plain: PostgresQuery = "SELECT 1"
        #expect(plain.sql == "SELECT 1")
        #expect(plain.parameters.isEmpty)
        let many: PostgresQuery = "\(0)\(1)\(2)\(3)\(4)\(5)\(6)\(7)\(8)\(9)\(10)"
        #expect(many.sql == "$1$2$3$4$5$6$7$8$9$10$11")
    }

    @Test("unescaped fragments are text, not parameters; values stay parameters whatever they contain")
    func fragmentsAndParameters() {
        let columns = "p.id, p.name"
        let direction = "DESC"
        let name = "x' OR '1'='1"
        let query: PostgresQuery = "SELECT \(unescaped: columns) FROM products p WHERE p.name = \(name) ORDER BY p.id \(unescaped: direction) LIMIT \(51)"
        #expect(query.sql == "SELECT p.id, p.name FROM products p WHERE p.name = $1 ORDER BY p.id DESC LIMIT $2")
        #expect(query.parameters == [name, "51"])
    }

    @Test("an embedded query is renumbered after the parameters before it; $ in its text is left alone")
    func embedding() {
        let filter: PostgresQuery = "WHERE note <> '$1 – Grüße $2' AND a = \(1) AND b = \("zwei") AND c = \(3)"
        let query: PostgresQuery = "SELECT \(0) AS first, x FROM t \(filter) AND d = \(4) LIMIT \(5)"
        #expect(query.sql == "SELECT $1 AS first, x FROM t WHERE note <> '$1 – Grüße $2' AND a = $2 AND b = $3 AND c = $4 AND d = $5 LIMIT $6")
        #expect(query.parameters == ["0", "1", "zwei", "3", "4", "5"])
        var twice: PostgresQuery = "SELECT 1 \(filter)"
        twice.append(unescaped: " UNION ALL SELECT 1 ")
        twice.append(filter)
        #expect(twice.sql.hasSuffix("a = $4 AND b = $5 AND c = $6"))
        #expect(twice.parameters.count == 6)
        let empty: PostgresQuery = ""
        let wrapped: PostgresQuery = "[\(empty)]"
        #expect(wrapped.sql == "[]" && wrapped.parameters.isEmpty)
    }

    @Test("a NULL is a parameter like any other: same text, nil value")
    func nulls() throws {
        func lookup(_ email: String?) -> PostgresQuery { "SELECT \(email)::text AS e, \(Int?.none)::bigint AS n" }
        #expect(lookup(nil).sql == lookup("a@example.com").sql)
        #expect(lookup(nil).parameters == [nil, nil])
        let connection = try TestEnvironment.connect()
        let row = try #require(try connection.query(lookup(nil)).firstRow)
        #expect(try row.decode(String?.self, "e") == nil)
        #expect(try row.decode(Int?.self, "n") == nil)
        #expect(try connection.query(lookup("a@example.com"))[0].decode(String?.self, "e") == "a@example.com")
    }

    @Test("typed values round-trip through interpolated parameters")
    func roundTrip() throws {
        let connection = try TestEnvironment.connect()
        let moment = Date(timeIntervalSince1970: 1_763_700_000.123456)
        let id = UUID()
        let row = try #require(
            try connection.query(
                """
                SELECT \("Grüße 'quoted' \"double\" ✓")::text AS t, \(9_007_199_254_740_993)::bigint AS i, \(false)::boolean AS b,
                       \(moment)::timestamptz AS ts, \(PostgresBytes([0, 1, 254, 255]))::bytea AS raw, \(id)::uuid::text AS u,
                       \(Int32(-7))::integer AS small
                """
            ).firstRow)
        #expect(try row.decode(String.self, "t") == "Grüße 'quoted' \"double\" ✓")
        #expect(try row.decode(Int.self, "i") == 9_007_199_254_740_993)
        #expect(try row.decode(Bool.self, "b") == false)
        #expect(abs(try row.decode(Date.self, "ts").timeIntervalSince1970 - moment.timeIntervalSince1970) < 0.000_001)
        #expect(try row.decode(PostgresBytes.self, "raw") == PostgresBytes([0, 1, 254, 255]))
        #expect(try row.decode(String.self, "u") == id.uuidString.lowercased())
        #expect(try row.decode(Int.self, "small") == -7)
    }

    @Test("arrays become one parameter each, any text one element, nil elements NULL")
    func arrays() throws {
        let connection = try TestEnvironment.connect()
        let texts: [String?] = ["plain", "with \"quotes\"", #"back\slash"#, "{braces},commas", "", "NULL", nil, "Grüße ✓", " spaced "]
        #expect(texts.postgresText?.hasPrefix(#"{"plain","with \"quotes\"","back\\slash""#) == true)
        let rows = try connection.query("SELECT x FROM unnest(\(texts)::text[]) WITH ORDINALITY AS u(x, i) ORDER BY i")
        #expect(try rows.map { try $0.decode(String?.self, "x") } == texts)
        let ids = [3, 1, 2]
        let found = try connection.query("SELECT 2 = ANY(\(ids)::bigint[]) AS hit, cardinality(\(ids)::bigint[]) AS n")[0]
        #expect(try found.decode(Bool.self, "hit"))
        #expect(try found.decode(Int.self, "n") == 3)
        #expect(try connection.query("SELECT cardinality(\([String]())::text[]) AS n")[0].decode(Int.self, "n") == 0)
        let flags = [true, false]
        #expect(try connection.query("SELECT \(flags)::boolean[] = ARRAY[true, false] AS same")[0].decode(Bool.self, "same"))
    }

    @Test("JSON travels as a text parameter cast to jsonb")
    func json() throws {
        let connection = try TestEnvironment.connect()
        let document = #"{"name": "x', \"y\"", "list": [1, 2], "nested": {"ok": true}}"#
        let row = try connection.query(
            "SELECT \(document)::jsonb ->> 'name' AS name, jsonb_array_length(\(document)::jsonb -> 'list') AS n, (\(document)::jsonb #>> '{nested,ok}') AS ok")[0]
        #expect(try row.decode(String.self, "name") == #"x', "y""#)
        #expect(try row.decode(Int.self, "n") == 2)
        #expect(try row.decode(String.self, "ok") == "true")
    }

    @Test("parameters are data, never SQL")
    func hostileValues() throws {
        let connection = try TestEnvironment.connect()
        try connection.query("CREATE TEMP TABLE notes (body text NOT NULL, n integer)")
        let hostile = "x'); DROP TABLE notes; --"
        try connection.query("INSERT INTO notes (body, n) VALUES (\(hostile), \(1))")
        let rows = try connection.query("SELECT body FROM notes WHERE body = \(hostile)")
        #expect(rows.count == 1)
        #expect(try rows[0].decode(String.self, "body") == hostile)
    }

    @Test("printing a query shows its SQL and how many parameters, never their values")
    func description() {
        let secret = "hunter2-sealed"
        let query: PostgresQuery = "UPDATE users SET password_hash = \(secret) WHERE id = \(5)"
        #expect(query.description == "UPDATE users SET password_hash = $1 WHERE id = $2 [2 parameters]")
        #expect(!"\(query)".contains(secret))
        #expect(String(reflecting: query) == #"PostgresQuery("UPDATE users SET password_hash = $1 WHERE id = $2", 2 parameters)"#)
    }
}

@Suite("Queries and the prepared-statement cache")
struct PostgresQueryCacheTests {
    /// One call site: the text depends on which fragments are chosen, never on the values.
    private static func statement(id: Int, name: String?, tags: [String]) -> PostgresQuery {
        "SELECT \(id)::bigint AS id, coalesce(\(name)::text, 'none') AS name, cardinality(\(tags)::text[]) AS tags"
    }

    @Test("one call site produces the same text for any values")
    func sameText() {
        let texts = Set([
            Self.statement(id: 1, name: nil, tags: []).sql,
            Self.statement(id: 123_456_789, name: "Ann", tags: ["a", "b"]).sql,
            Self.statement(id: -1, name: "", tags: [""]).sql,
        ])
        #expect(texts.count == 1)
    }

    @Test("a query is prepared once per connection; later calls only bind and execute")
    func preparedOnce() throws {
        let connection = try TestEnvironment.connect()
        func preparedCount() throws -> Int {
            try connection.query("SELECT count(*) AS n FROM pg_prepared_statements")[0].decode(Int.self, "n")
        }
        _ = try preparedCount()  // the counting statement itself is prepared now
        let before = try preparedCount()
        for (index, name) in ["Ann", nil, "Bob", nil, "Eve"].enumerated() {
            let row = try connection.query(Self.statement(id: index, name: name, tags: Array(repeating: "t", count: index)))[0]
            #expect(try row.decode(Int.self, "id") == index)
            #expect(try row.decode(String.self, "name") == name ?? "none")
            #expect(try row.decode(Int.self, "tags") == index)
        }
        #expect(try preparedCount() == before + 1)
        let sql = Self.statement(id: 0, name: nil, tags: []).sql
        let same = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = \(sql)")
        #expect(try same[0].decode(Int.self, "n") == 1)
    }
}
