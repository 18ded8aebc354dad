@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Products and customers over JSON")
struct CatalogAPITests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    private func field(_ reply: HTTPClient.Reply) throws -> String? {
        (try reply.json()["errors"] as? [[String: Any]])?.first?["field"] as? String
    }

    @Test("staff create, read, replace (versioned) and delete a product")
    func productLifecycle() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let created = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products", Fixtures.productBody(), headers: try staff.headers())
        #expect(created.status == 201, "\(created.text)")
        let product = try created.json()
        let id = try #require(product["id"] as? Int)
        #expect(product["price_monthly"] as? String == "29.99")
        #expect(product["price_quarterly"] as? String == "84.99")
        #expect(product["stock_count"] is NSNull)
        #expect(product["version"] as? Int == 1)
        #expect(created.header("ETag") == "\"1\"")

        let replaced = try await client.sendJSON(
            "PUT", "/api/v1/dedicated-servers/products/\(id)", Fixtures.productBody(["name": "Renamed", "price_monthly": 31.5]),
            headers: try staff.headers(extra: ["If-Match": "\"1\""]))
        #expect(replaced.status == 200, "\(replaced.text)")
        #expect(try replaced.json()["price_monthly"] as? String == "31.50")
        #expect(try replaced.json()["version"] as? Int == 2)

        let stale = try await client.sendJSON(
            "PUT", "/api/v1/dedicated-servers/products/\(id)", Fixtures.productBody(["version": 1]), headers: try staff.headers())
        #expect(stale.status == 409)
        #expect(try stale.json()["current_version"] as? Int == 2)
        #expect(((try stale.json()["current"] as? [String: Any])?["name"]) as? String == "Renamed")

        let unversioned = try await client.sendJSON("PUT", "/api/v1/dedicated-servers/products/\(id)", Fixtures.productBody(), headers: try staff.headers())
        #expect(unversioned.status == 428)

        let fetched = try await client.send("GET", "/api/v1/dedicated-servers/products/\(id)", headers: try staff.headers())
        #expect(try fetched.json()["name"] as? String == "Renamed")
        #expect(try await client.send("DELETE", "/api/v1/dedicated-servers/products/\(id)", headers: try staff.headers()).status == 204)
        #expect(try await client.send("GET", "/api/v1/dedicated-servers/products/\(id)", headers: try staff.headers()).status == 404)
        let audit = try AuditLog.list(on: connection, page: PageRequest(limit: 5), targetType: "product", targetID: String(id))
        #expect(audit.items.map(\.action) == ["product.deleted", "product.updated", "product.created"])
    }

    @Test("bad product input answers 4xx problem+json naming the field", arguments: [
        (["price_monthly": "-1.00"], "price_monthly"),
        (["price_monthly": "29.999"], "price_monthly"),
        (["price_yearly": 10.005], "price_yearly"),
        (["cpu_cores": "four"], "cpu_cores"),
        (["cpu_cores": 0], "cpu_cores"),
        (["ram_gb": true], "ram_gb"),
        (["server_type": "mainframe"], "server_type"),
        (["stock_count": -3], "stock_count"),
        (["name": String(repeating: "n", count: 300)], "name"),
        (["available_os": "debian"], "available_os"),
        (["name": NSNull()], "name"),
    ] as [([String: any Sendable], String)])
    func badProducts(_ overrides: [String: any Sendable], _ expected: String) async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let reply = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products", Fixtures.productBody(overrides), headers: try staff.headers())
        #expect((400..<500).contains(reply.status))
        #expect(reply.header("Content-Type") == "application/problem+json")
        #expect(try field(reply) == expected, "\(reply.text)")
    }

    @Test("a missing required field is named; an unknown id is 404; customers cannot write")
    func productRefusals() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        var body = Fixtures.productBody()
        body.removeValue(forKey: "price_monthly")
        let missing = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products", body, headers: try staff.headers())
        #expect(missing.status == 422)
        #expect(try field(missing) == "price_monthly")
        #expect(try await client.send("GET", "/api/v1/dedicated-servers/products/99999999", headers: try staff.headers()).status == 404)
        #expect(try await client.send("GET", "/api/v1/dedicated-servers/products/abc", headers: try staff.headers()).status == 404)
        let customer = try Fixtures.customerActor(on: connection)
        #expect(try await client.sendJSON("POST", "/api/v1/dedicated-servers/products", Fixtures.productBody(), headers: customer.headers).status == 403)
    }

    @Test("customers see active products only; filters and sorting are whitelisted")
    func productVisibility() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let inactive = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products",
                                                 Fixtures.productBody(["is_active": false, "server_type": "dedicated"]), headers: try staff.headers())
        let id = try #require(try inactive.json()["id"] as? Int)
        let customer = try Fixtures.customerActor(on: connection)
        #expect(try await client.send("GET", "/api/v1/dedicated-servers/products/\(id)", headers: customer.headers).status == 404)
        let list = try await client.send("GET", "/api/v1/dedicated-servers/products?limit=200", headers: customer.headers)
        let items = try #require(try list.json()["items"] as? [[String: Any]])
        #expect(items.allSatisfy { $0["is_active"] as? Bool == true })
        let sorted = try await client.send("GET", "/api/v1/dedicated-servers/products?sort=-price_monthly&server_type=dedicated", headers: try staff.headers())
        #expect(sorted.status == 200)
        let badSort = try await client.send("GET", "/api/v1/dedicated-servers/products?sort=name;DROP%20TABLE%20products", headers: try staff.headers())
        #expect(badSort.status == 422)
        #expect(try field(badSort) == "sort")
        #expect(try await client.send("GET", "/api/v1/dedicated-servers/products").status == 401)
    }

    @Test("a product used by an order cannot be deleted")
    func productInUse() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let product = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products", Fixtures.productBody(), headers: try staff.headers())
        let id = try #require(try product.json()["id"] as? Int)
        let customer = try Fixtures.customer(on: connection)
        let order = try await client.sendJSON("POST", "/api/v1/orders",
                                              ["customer_id": customer.id, "items": [["product_id": id, "billing_cycle": "monthly"]]], headers: try staff.headers())
        #expect(order.status == 201)
        let delete = try await client.send("DELETE", "/api/v1/dedicated-servers/products/\(id)", headers: try staff.headers())
        #expect(delete.status == 409)
        #expect(delete.text.contains("deactivate"))
    }

    @Test("customers: create, search, read, edit with version, disable, delete rules")
    func customers() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let email = Fixtures.uniqueEmail("acme")
        let created = try await client.sendJSON("POST", "/api/v1/customers",
                                                ["email": email, "name": "Acme Ops", "company": "Acme GmbH", "password": Fixtures.password], headers: try staff.headers())
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(try created.json()["id"] as? Int)
        let search = try await client.send("GET", "/api/v1/customers?search=acme%20gmbh", headers: try staff.headers())
        #expect((try search.json()["items"] as? [[String: Any]])?.contains { $0["id"] as? Int == id } == true)
        let wildcard = try await client.send("GET", "/api/v1/customers?search=%25", headers: try staff.headers())
        #expect(wildcard.status == 200)
        let edited = try await client.sendJSON("PATCH", "/api/v1/customers/\(id)", ["phone": "+49 30 1234", "version": 1], headers: try staff.headers())
        #expect(edited.status == 200)
        #expect(try edited.json()["phone"] as? String == "+49 30 1234")
        let stale = try await client.sendJSON("PATCH", "/api/v1/customers/\(id)", ["name": "X", "version": 1], headers: try staff.headers())
        #expect(stale.status == 409)
        let badEmail = try await client.sendJSON("PATCH", "/api/v1/customers/\(id)", ["email": "nope", "version": 2], headers: try staff.headers())
        #expect(badEmail.status == 422)
        #expect(try field(badEmail) == "email")

        let login = try await client.sendJSON("POST", "/api/v1/auth/login", ["email": email, "password": Fixtures.password])
        let token = try #require(try login.json()["token"] as? String)
        let disabled = try await client.sendJSON("PATCH", "/api/v1/customers/\(id)", ["is_active": false, "version": 2], headers: try staff.headers())
        #expect(disabled.status == 200)
        #expect(try await client.send("GET", "/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status == 401)
        #expect(try await client.send("DELETE", "/api/v1/customers/\(id)", headers: try staff.headers()).status == 204)
        #expect(try await client.send("GET", "/api/v1/customers/\(id)", headers: try staff.headers()).status == 404)
        let customer = try Fixtures.customerActor(on: connection)
        #expect(try await client.send("GET", "/api/v1/customers", headers: customer.headers).status == 403)
    }
}
