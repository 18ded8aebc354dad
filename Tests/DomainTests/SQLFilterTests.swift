@testable import Domain
import Postgres
import TestSupport
import Testing

@Suite("SQL filters from constant fragments")
struct SQLFilterTests {
    @Test("only given filters appear, numbered in order; a repeated placeholder reuses its value")
    func building() {
        var sql = SQLFilter("u.role = 'customer'")
        sql.add("u.id < ?", Int?.none)
        sql.add("u.status = ?", "active")
        sql.add("(u.email ILIKE ? OR u.name ILIKE ?)", "%ann%")
        let limit = sql.append(51)
        #expect(sql.whereClause == "WHERE u.role = 'customer' AND u.status = $1 AND (u.email ILIKE $2 OR u.name ILIKE $2)")
        #expect(limit == "$3")
        #expect(sql.parameters.count == 3)
        #expect(SQLFilter().whereClause == "")
    }

    @Test("with a generic plan, the customer filter stays a plain (indexable) condition")
    func genericPlanUsesIndex() throws {
        let connection = try TestEnvironment.connect()
        try connection.query("SET plan_cache_mode = force_generic_plan")
        defer { _ = try? connection.query("RESET plan_cache_mode") }
        var sql = SQLFilter()
        sql.add("s.customer_id = ?", 1)
        let limit = sql.append(51)
        let plan = try connection.query("EXPLAIN SELECT s.id FROM server_instances s \(sql.whereClause) ORDER BY s.id DESC LIMIT \(limit)", sql.parameters)
            .map { try $0.decode(String.self, at: 0) }.joined(separator: "\n")
        #expect(plan.contains("customer_id = "), "\(plan)")
        #expect(!plan.contains("IS NULL"), "\(plan)")
    }
}
