@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Customer portal: ownership and suspension, pages and JSON", .serialized)
struct CustomerPortalTests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    /// A customer with a browser session and a token.
    struct Customer {
        let actor: CustomerActor
        let cookie: String
        let csrf: String
        var page: [String: String] { ["Cookie": cookie] }
        func form(_ body: String) -> ([String: String], Data) {
            (["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"], Data((body + "&csrf_token=\(csrf)").utf8))
        }
    }

    private func customer() throws -> Customer {
        let actor = try Fixtures.customerActor(on: connection)
        let token = try Sessions.start(on: connection, user: actor.user, stage: .full, origin: .commandLine)
        let session = try #require(try Sessions.find(token: token, on: connection))
        return Customer(actor: actor, cookie: "vps_session=\(token)", csrf: session.csrfToken)
    }

    /// An active demo server owned by `owner`, built through order → pay → job.
    private func activeServer(for owner: Customer) async throws -> Int {
        let staff = try Fixtures.staffActor(on: connection)
        let product = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products",
                                                Fixtures.productBody(["provisioning_module": "demo", "module_config": ["delay_ms": 200]]), headers: try staff.headers())
        let productID = try #require(try product.json()["id"] as? Int)
        let (headers, body) = owner.form("billing_cycle=monthly&hostname=mine.example.com&operating_system=debian-12")
        let ordered = try await client.send("POST", "/catalog/\(productID)/order", headers: headers, body: body)
        #expect(ordered.status == 303, "\(ordered.text)")
        let orderID = try #require(Int(ordered.header("Location")?.split(separator: "/").last?.split(separator: "?").first ?? ""))
        #expect(try await client.send("POST", "/api/v1/orders/\(orderID)/pay", headers: try staff.headers(code: 0)).status == 200)
        let connection = self.connection
        let id = try await eventually { () -> Int? in
            try Instances.forOrder(orderID, on: connection).first { $0.status == .active }?.id
        }
        return try #require(id, "the server never became active")
    }

    @Test("another customer gets 404 for the server page, credentials, reboot and job — pages and JSON")
    func ownership() async throws {
        let alice = try customer(), bob = try customer()
        let server = try await activeServer(for: alice)
        let (headers, body) = alice.form("")
        let reboot = try await client.send("POST", "/my/servers/\(server)/reboot", headers: headers, body: body)
        #expect(reboot.status == 303)
        let job = try #require(try Jobs.recent(instanceID: server, on: connection).first)

        #expect(try await client.send("GET", "/my/servers/\(server)", headers: alice.page).status == 200)
        #expect(try await client.send("GET", "/my/servers/\(server)", headers: bob.page).status == 404)
        let (bobHeaders, bobBody) = bob.form("password=\(Fixtures.password.replacingOccurrences(of: " ", with: "+"))")
        #expect(try await client.send("POST", "/my/servers/\(server)/credentials", headers: bobHeaders, body: bobBody).status == 404)
        #expect(try await client.send("POST", "/my/servers/\(server)/reboot", headers: bobHeaders, body: bobBody).status == 404)
        #expect(try await client.send("GET", "/my/orders", headers: bob.page).text.contains("No orders yet"))

        for path in ["/api/v1/dedicated-servers/instances/\(server)", "/api/v1/dedicated-servers/instances/\(server)/credentials",
                     "/api/v1/dedicated-servers/instances/\(server)/status", "/api/v1/jobs/\(job.id)"] {
            #expect(try await client.send("GET", path, headers: bob.actor.headers).status == 404, "\(path)")
            #expect(try await client.send("GET", path, headers: alice.actor.headers).status == 200, "\(path)")
        }
        #expect(try await client.send("POST", "/api/v1/dedicated-servers/instances/\(server)/reboot", headers: bob.actor.headers).status == 404)
        #expect(try await client.send("POST", "/api/v1/dedicated-servers/instances/\(server)/suspend", headers: alice.actor.headers).status == 403)
        #expect(try await client.send("GET", "/admin/servers/\(server)", headers: alice.page).status == 403)
    }

    @Test("revealing credentials on the page needs the password again and is audited")
    func revealCredentials() async throws {
        let alice = try customer()
        let server = try await activeServer(for: alice)
        let (headers, wrongBody) = alice.form("password=not-my-password")
        let refused = try await client.send("POST", "/my/servers/\(server)/credentials", headers: headers, body: wrongBody)
        #expect(refused.status == 403)
        #expect(!refused.text.contains("id=\"root-password\""))
        let (_, body) = alice.form("password=\(Fixtures.password.replacingOccurrences(of: " ", with: "+"))")
        let revealed = try await client.send("POST", "/my/servers/\(server)/credentials", headers: headers, body: body)
        #expect(revealed.status == 200)
        #expect(revealed.text.contains("id=\"root-password\""))
        #expect(!(try await client.send("GET", "/my/servers/\(server)", headers: alice.page).text.contains("id=\"root-password\"")))
        let audit = try AuditLog.list(on: connection, page: PageRequest(limit: 10), targetType: "server", targetID: String(server)).items
        #expect(audit.contains { $0.action == "server.credentials_viewed" && $0.actorID == alice.actor.user.id })
    }

    @Test("a suspended server's reboot is refused on the page and in JSON, and no job is queued")
    func suspendedBlocksReboot() async throws {
        let alice = try customer()
        let server = try await activeServer(for: alice)
        let staff = try Fixtures.staffActor(on: connection)
        let suspend = try await client.send("POST", "/api/v1/dedicated-servers/instances/\(server)/suspend", headers: try staff.headers())
        #expect(suspend.status == 202)
        let connection = self.connection
        #expect(try await eventually { try Instances.find(id: server, on: connection)?.status == .suspended ? true : nil } == true)
        let jobsBefore = try Jobs.recent(instanceID: server, on: connection).count

        let page = try await client.send("GET", "/my/servers/\(server)", headers: alice.page)
        #expect(page.text.contains("reboots are blocked"))
        #expect(!page.text.contains("id=\"reboot-form\""))
        let (headers, body) = alice.form("")
        let refused = try await client.send("POST", "/my/servers/\(server)/reboot", headers: headers, body: body)
        #expect(refused.status == 409)
        #expect(refused.text.contains("suspended"))
        let json = try await client.send("POST", "/api/v1/dedicated-servers/instances/\(server)/reboot", headers: alice.actor.headers)
        #expect(json.status == 409)
        #expect(try json.json()["detail"] as? String == "The server is suspended; it cannot be rebooted until it is unsuspended.")
        #expect(try Jobs.recent(instanceID: server, on: connection).count == jobsBefore)
    }

    @Test("the catalog shows active products with prices per cycle and out-of-stock ones as such")
    func catalog() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let soldOut = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products",
                                                Fixtures.productBody(["name": "Sold Out \(UUID().uuidString.prefix(4))", "stock_count": 0]), headers: try staff.headers())
        let soldOutID = try #require(try soldOut.json()["id"] as? Int)
        let anonymous = try await client.send("GET", "/catalog")
        #expect(anonymous.status == 200)
        #expect(anonymous.text.contains("sign in"))
        let alice = try customer()
        let page = try await client.send("GET", "/catalog", headers: alice.page)
        let card = try #require(page.text.range(of: "id=\"product-\(soldOutID)\"").map { String(page.text[$0.lowerBound...].prefix(2500)) })
        #expect(card.contains("Out of stock"))
        #expect(!card.contains("action=\"/catalog/\(soldOutID)/order\""))
        #expect(card.contains("84.99 EUR"))
        let (headers, body) = alice.form("billing_cycle=monthly")
        #expect(try await client.send("POST", "/catalog/\(soldOutID)/order", headers: headers, body: body).status == 409)
    }

    @Test("account: profile and password change (re-asks the current one, signs out elsewhere)")
    func account() async throws {
        let alice = try customer()
        let other = try Sessions.start(on: connection, user: alice.actor.user, stage: .full, origin: .commandLine)
        let (headers, profile) = alice.form("name=Alice+A.&company=Acme&phone=%2B49+1")
        #expect(try await client.send("POST", "/account/profile", headers: headers, body: profile).status == 303)
        #expect(try Customers.find(id: alice.actor.user.id, on: connection)?.company == "Acme")
        let (_, wrong) = alice.form("current_password=nope&new_password=another+long+password")
        let refused = try await client.send("POST", "/account/password", headers: headers, body: wrong)
        #expect(refused.status == 422)
        #expect(refused.text.contains("Current password is not right"))
        let (_, good) = alice.form("current_password=\(Fixtures.password.replacingOccurrences(of: " ", with: "+"))&new_password=another+long+password")
        let changed = try await client.send("POST", "/account/password", headers: headers, body: good)
        #expect(changed.status == 303)
        #expect(changed.header("Location") == "/my/account?saved=password")
        #expect(try Sessions.find(token: other, on: connection) == nil)
        let login = try await client.sendJSON("POST", "/api/v1/auth/login", ["email": alice.actor.user.email, "password": "another long password"])
        #expect(login.status == 200)
    }

    @Test("a customer's reboots are rate limited: the sixth in ten minutes answers 429 with Retry-After")
    func rebootRateLimit() async throws {
        let alice = try customer()
        let server = try await activeServer(for: alice)
        for _ in 0..<ServerActions.customerRebootLimit {
            try connection.query(
                """
                INSERT INTO jobs (action, instance_id, customer_id, status, requested_by, requested_label, finished_at)
                VALUES ('reboot', $1, $2, 'succeeded', $2, 'test', now())
                """, [server, alice.actor.user.id])
        }
        let refused = try await client.send("POST", "/api/v1/dedicated-servers/instances/\(server)/reboot", headers: alice.actor.headers)
        #expect(refused.status == 429)
        #expect(Int(refused.header("Retry-After") ?? "") ?? 0 > 0)
        let (headers, body) = alice.form("")
        let page = try await client.send("POST", "/my/servers/\(server)/reboot", headers: headers, body: body)
        #expect(page.status == 429)
        #expect(page.text.contains("5 reboots in the last 10 minutes"))
        #expect(try Jobs.recent(instanceID: server, on: connection).filter { $0.status == .queued }.isEmpty)
    }
}
