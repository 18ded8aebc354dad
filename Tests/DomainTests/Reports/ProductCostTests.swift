@testable import Domain
import Postgres
import Testing
import TestSupport

/// A product's monthly cost (profit and loss) is read, stored and validated like its other prices.
@Suite("Product monthly cost")
struct ProductCostTests {
    @Test("monthly_cost is stored and read back; a bad one names its field")
    func monthlyCost() throws {
        try TestEnvironment.withScratchDatabase { url in
            let connection = try PostgresConnection(connectionString: url)
            _ = try Migrator(connection: connection).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
            var input = ProductInput()
            input.scalars = ["name": "Costed", "server_type": "vps", "cpu_cores": "2", "ram_gb": "4", "storage_gb": "50", "price_monthly": "20.00",
                             "monthly_cost": "12.34"]
            let product = try Products.create(try ProductDraft.validate(input), on: connection, actor: .commandLine, origin: .commandLine)
            #expect(try Products.find(id: product.id, on: connection)?.monthlyCost == Money("12.34"))
            input.scalars["monthly_cost"] = "lots"
            #expect {
                _ = try ProductDraft.validate(input)
            } throws: { error in
                guard case DomainError.validation(let issues) = error else { return false }
                return issues.map(\.field) == ["monthly_cost"]
            }
        }
    }
}
