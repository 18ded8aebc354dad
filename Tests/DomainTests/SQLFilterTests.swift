@testable import Domain
import Postgres
import TestSupport
import Testing

@Suite("SQL filters from constant fragments")
struct SQLFilterTests {
    @Test("only given filters appear, numbered in order; each ? of a fragment takes its value")
    func building() {
        var sql = SQLFilter("u.role = 'customer'")
        sql.add("u.id < ?", Int?.none)
        sql.add("u.status = ?", "active")
        sql.add("(u.email ILIKE ? OR u.name ILIKE ?)", "%ann%")
        #expect(sql.whereClause.sql == "WHERE u.role = 'customer' AND u.status = $1 AND (u.email ILIKE $2 OR u.name ILIKE $3)")
        #expect(sql.whereClause.parameters == ["active", "%ann%", "%ann%"])
        #expect(SQLFilter().whereClause.sql == "")
        #expect(SQLFilter("a", "b").whereClause.sql == "WHERE a AND b")
    }

    @Test("embedded in a statement, the clause is numbered after what comes before it; same shape, same text")
    func embedded() {
        func statement(status: String?, customer: Int?) -> PostgresQuery {
            var sql = SQLFilter()
            sql.add("s.status = ?", status)
            sql.add("s.customer_id = ?", customer)
            return "SELECT \(1) AS one FROM server_instances s \(sql.whereClause) ORDER BY s.id DESC LIMIT \(51)"
        }
        let query = statement(status: "active", customer: 9)
        #expect(query.sql == "SELECT $1 AS one FROM server_instances s WHERE s.status = $2 AND s.customer_id = $3 ORDER BY s.id DESC LIMIT $4")
        #expect(query.parameters == ["1", "active", "9", "51"])
        #expect(statement(status: "failed", customer: 1).sql == query.sql)
        #expect(statement(status: nil, customer: 1).sql == "SELECT $1 AS one FROM server_instances s WHERE s.customer_id = $2 ORDER BY s.id DESC LIMIT $3")
        #expect(statement(status: nil, customer: nil).sql == "SELECT $1 AS one FROM server_instances s  ORDER BY s.id DESC LIMIT $2")
    }

    @Test("with a generic plan, the customer filter stays a plain (indexable) condition")
    func genericPlanUsesIndex() throws {
        let connection = try TestEnvironment.connect()
        try connection.query("SET plan_cache_mode = force_generic_plan")
        defer { _ = try? connection.query("RESET plan_cache_mode") }
        var sql = SQLFilter()
        sql.add("s.customer_id = ?", 1)
        let plan = try connection.query("EXPLAIN SELECT s.id FROM server_instances s \(sql.whereClause) ORDER BY s.id DESC LIMIT \(51)")
            .map { try $0.decode(String.self, at: 0) }.joined(separator: "\n")
        #expect(plan.contains("customer_id = "), "\(plan)")
        #expect(!plan.contains("IS NULL"), "\(plan)")
    }
}
