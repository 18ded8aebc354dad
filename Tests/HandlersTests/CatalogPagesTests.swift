@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

@Suite("Staff catalog pages: products and customers, request in, response out")
struct CatalogPagesTests {
    let application: PortalApplication
    let connection: PostgresConnection
    let cookie: String
    let csrfToken: String

    init() throws {
        application = .portal(services: try TestServices.make())
        connection = try TestEnvironment.connect()
        let staff = try Fixtures.enrolledStaff(on: connection)
        let token = try Sessions.start(on: connection, user: staff.user, stage: .full, origin: Fixtures.origin())
        cookie = "\(Cookies.session)=\(token)"
        csrfToken = try #require(try Sessions.find(token: token, on: connection)).csrfToken
    }

    private func get(_ target: String) throws -> Response {
        application.respond(to: Request(method: "GET", target: target, headers: ["Cookie": cookie]), connection: try TestEnvironment.connect())
    }

    private func post(_ target: String, _ fields: [(String, String)], csrf: Bool = true) throws -> Response {
        let all = (csrf ? [("csrf_token", csrfToken)] : []) + fields
        let body = all.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
        let headers: HTTPHeaders = ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"]
        return application.respond(
            to: Request(method: "POST", target: target, headers: headers, body: Array(body.utf8)), connection: try TestEnvironment.connect())
    }

    private func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? ""
    }

    private func productFields(name: String, price: String = "29.99") -> [(String, String)] {
        [
            ("name", name), ("description", "A test server"), ("server_type", "vps"), ("is_active", "true"), ("cpu_cores", "4"),
            ("cpu_model", "EPYC"), ("ram_gb", "8"), ("storage_gb", "160"), ("storage_type", "nvme"), ("bandwidth_tb", "2"),
            ("ip_addresses", "1"), ("datacenter_location", "Frankfurt"), ("region", "eu"), ("available_locations", "Frankfurt\nAmsterdam"),
            ("price_monthly", price), ("price_quarterly", ""), ("price_yearly", "299"), ("setup_fee", ""), ("stock_count", ""),
            ("provisioning_type", "manual"), ("provisioning_module", "manual"), ("provider", ""), ("features", "Backups\nDDoS protection"),
            ("available_os", "Debian 12\nUbuntu 24.04"),
        ]
    }

    private func storedProduct(name: String) throws -> Product {
        var input = ProductInput()
        for (field, value) in productFields(name: name) where !["available_locations", "features", "available_os"].contains(field) {
            input.scalars[field] = value
        }
        input.lists["available_os"] = ["Debian 12"]
        return try Products.create(try ProductDraft.validate(input), on: connection, actor: .commandLine, origin: .commandLine)
    }

    @Test("a product made through the form is stored, audited and shown for editing")
    func createProduct() throws {
        let name = "Form VPS \(UUID().uuidString.prefix(8))"
        let response = try post("/admin/products", productFields(name: name))
        #expect(response.status == .seeOther)
        let location = try #require(response.header("Location"))
        let id = try #require(Int(location.replacingOccurrences(of: "/admin/products/", with: "")))
        let product = try #require(try Products.find(id: id, on: connection))
        #expect(product.name == name)
        #expect(product.availableOS == ["Debian 12", "Ubuntu 24.04"])
        #expect(product.priceMonthly == Money("29.99"))
        #expect(product.stockCount == nil)
        let audit = try AuditLog.list(on: connection, page: PageRequest(limit: 10), targetType: "product", targetID: String(id))
        #expect(audit.items.contains { $0.action == "product.created" })

        let edit = try get(location)
        #expect(edit.status == .ok)
        #expect(edit.text.contains(#"name="version" value="1""#))
        #expect(edit.text.contains("Debian 12\nUbuntu 24.04"))
    }

    @Test("a negative or three-decimal price re-renders the form with the message next to price_monthly", arguments: [
        ("-5", "must not be negative"), ("1.005", "must be an amount with at most two decimals"),
    ])
    func badPrice(price: String, message: String) throws {
        let response = try post("/admin/products", productFields(name: "Bad price", price: price))
        #expect(response.status == .unprocessableContent)
        let html = response.text
        #expect(html.contains(#"<p class="field-error" id="product-price-monthly-error">Monthly price \#(message)"#))
        #expect(html.contains(#"id="product-price-monthly" name="price_monthly" type="text" inputmode="decimal" value="\#(price)" aria-invalid="true""#))
        #expect(html.contains(#"value="Bad price""#))
    }

    @Test("an edit based on an old version answers 409 and shows what changed")
    func staleEdit() throws {
        let product = try storedProduct(name: "Stale \(UUID().uuidString.prefix(8))")
        var input = ProductForm.input(ProductForm.values(of: product), keeping: product)
        input.scalars["name"] = "Renamed by someone else"
        try Products.update(
            id: product.id, expectedVersion: product.version, with: try ProductDraft.validate(input), on: connection, actor: .commandLine,
            origin: .commandLine)

        var fields = productFields(name: "My new name")
        fields.append(("version", String(product.version)))
        let response = try post("/admin/products/\(product.id)", fields)
        #expect(response.status == .conflict)
        let html = response.text
        #expect(html.contains("Someone else changed this product"))
        #expect(html.contains(#"<tr><th scope="row">Name</th><td class="wrap">Renamed by someone else</td><td class="wrap">My new name</td></tr>"#))
        #expect(html.contains(#"name="version" value="\#(product.version + 1)""#))
        #expect(try Products.find(id: product.id, on: connection)?.name == "Renamed by someone else")

        var again = productFields(name: "My new name")
        again.append(("version", String(product.version + 1)))
        #expect(try post("/admin/products/\(product.id)", again).status == .seeOther)
        #expect(try Products.find(id: product.id, on: connection)?.name == "My new name")
    }

    @Test("template syntax and markup in a product name are shown as text on the list")
    func escapedName() throws {
        let product = try storedProduct(name: "{{7*7}} <script>alert(1)</script>")
        let response = try get("/admin/products?sort=-id")
        #expect(response.status == .ok)
        #expect(response.text.contains(#"<a href="/admin/products/\#(product.id)">{{7*7}} &lt;script&gt;alert(1)&lt;/script&gt;</a>"#))
        #expect(!response.text.contains("<script>alert(1)"))
        #expect(!response.text.contains(">49 "))
    }

    @Test("bad list filters answer 422 with a message, not 500")
    func badFilters() throws {
        let response = try get("/admin/products?sort=drop+table&is_active=maybe")
        #expect(response.status == .unprocessableContent)
        #expect(response.text.contains("These filters cannot be applied"))
    }

    @Test("deactivating keeps every other field and bumps the version")
    func deactivate() throws {
        let product = try storedProduct(name: "Toggle \(UUID().uuidString.prefix(8))")
        let response = try post("/admin/products/\(product.id)/active", [("active", "false"), ("version", String(product.version))])
        #expect(response.status == .seeOther)
        let after = try #require(try Products.find(id: product.id, on: connection))
        #expect(after.isActive == false)
        #expect(after.version == product.version + 1)
        #expect(after.priceYearly == product.priceYearly && after.availableOS == product.availableOS)
    }

    @Test("customer search treats % literally")
    func customerSearch() throws {
        let tag = UUID().uuidString.prefix(8).lowercased()
        let withPercent = try Customers.create(
            CustomerInput(email: Fixtures.uniqueEmail("pct"), name: "Percent \(tag)", company: "100% Uptime", phone: "", password: Fixtures.password),
            on: connection, actor: .commandLine, origin: .commandLine)
        let plain = try Customers.create(
            CustomerInput(email: Fixtures.uniqueEmail("plain"), name: "Plain \(tag)", company: "Plain Ltd", phone: "", password: Fixtures.password),
            on: connection, actor: .commandLine, origin: .commandLine)
        let response = try get("/admin/customers?search=%25")
        #expect(response.status == .ok)
        #expect(response.text.contains(withPercent.email))
        #expect(!response.text.contains(plain.email))
        #expect(response.text.contains(#"value="%""#))
    }

    @Test("a customer made through the form is shown with an edit form and the order link")
    func createCustomer() throws {
        let email = Fixtures.uniqueEmail("form")
        let response = try post("/admin/customers", [
            ("email", email), ("name", "Form Customer"), ("company", "Acme"), ("phone", "+1 555"), ("password", Fixtures.password),
        ])
        #expect(response.status == .seeOther)
        let location = try #require(response.header("Location"))
        let page = try get(location)
        #expect(page.status == .ok)
        #expect(page.text.contains(email))
        #expect(page.text.contains("/admin/orders/new?customer_id="))

        let id = try #require(Int(location.replacingOccurrences(of: "/admin/customers/", with: "")))
        let update = try post(location, [("version", "1"), ("email", email), ("name", "Renamed"), ("company", "Acme"), ("phone", "")])
        #expect(update.status == .seeOther)
        let customer = try #require(try Customers.find(id: id, on: connection))
        #expect(customer.name == "Renamed" && customer.isActive == false)

        let stale = try post(location, [("version", "1"), ("email", email), ("name", "Again"), ("is_active", "true")])
        #expect(stale.status == .conflict)
        #expect(stale.text.contains(#"<tr><th scope="row">Name</th><td class="wrap">Renamed</td><td class="wrap">Again</td></tr>"#))
    }

    @Test("unknown ids are 404")
    func unknown() throws {
        #expect(try get("/admin/products/999999999").status == .notFound)
        #expect(try get("/admin/customers/999999999").status == .notFound)
    }

    @Test("a form without its CSRF token is refused")
    func missingCSRF() throws {
        let response = try post("/admin/products", productFields(name: "No token"), csrf: false)
        #expect(response.status == .forbidden)
    }
}
