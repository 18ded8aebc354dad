@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Changing a server's product over JSON")
struct ProductChangeAPITests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    /// An active server of `customer` billed 30.00 a quarter, twenty days into its period; returns its id and product.
    private func server(of customer: CustomerActor) throws -> (id: Int, product: Int) {
        let server = try Fixtures.server(on: connection)
        try connection.query("UPDATE jobs SET status = 'succeeded', finished_at = now() WHERE instance_id = $1", [server.id])
        try connection.query(
            """
            UPDATE server_instances SET customer_id = $2, status = 'active', billing_cycle = 'quarterly', recurring_amount = 30,
                   billing_anchor = current_date - 20, next_due_date = (current_date - 20 + interval '3 months')::date,
                   invoiced_until = (current_date - 20 + interval '3 months')::date
            WHERE id = $1
            """, [server.id, customer.user.id])
        return (server.id, server.productID!)
    }

    /// A manual-module product priced `quarterly` a quarter (nil: sold monthly only), on `module`.
    private func product(quarterly: String?, module: String = "manual") throws -> Int {
        let id = try Fixtures.product(on: connection).id
        try connection.query("UPDATE products SET price_quarterly = $2::numeric, provisioning_module = $3 WHERE id = $1", [id, quarterly, module])
        return id
    }

    private func changes(_ serverID: Int) throws -> Int {
        try connection.query("SELECT count(*) AS n FROM service_product_changes WHERE service_id = $1", [serverID])[0].decode(Int.self, "n")
    }

    @Test("bad input is a 4xx naming product_id and changes nothing; an upgrade answers its invoice; a second one is a 409")
    func upgradeAndRefusals() async throws {
        let alice = try Fixtures.customerActor(on: connection), bob = try Fixtures.customerActor(on: connection)
        let (id, _) = try server(of: alice)
        let path = "/api/v1/dedicated-servers/instances/\(id)/change-product"
        let bigger = try product(quarterly: "60.00"), otherModule = try product(quarterly: "60.00", module: "demo")
        let monthlyOnly = try product(quarterly: nil)
        for body in [[:], ["product_id": "abc"], ["product_id": 999_999_999], ["product_id": otherModule], ["product_id": monthlyOnly]]
            as [[String: Any]] {
            let reply = try await client.sendJSON("POST", path, body, headers: alice.headers)
            #expect(reply.status == 422, "\(body): \(reply.text)")
            #expect((try reply.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "product_id")
        }
        #expect(try await client.sendJSON("POST", path, ["product_id": bigger], headers: bob.headers).status == 404)
        #expect(try await client.sendJSON("POST", "/api/v1/dedicated-servers/instances/999999999/change-product", ["product_id": bigger],
                                          headers: alice.headers).status == 404)
        #expect(try changes(id) == 0)
        let upgraded = try await client.sendJSON("POST", path, ["product_id": bigger], headers: alice.headers)
        #expect(upgraded.status == 201, "\(upgraded.text)")
        let change = try #require(try upgraded.json()["change"] as? [String: Any])
        let invoice = try #require(try upgraded.json()["invoice"] as? [String: Any])
        #expect(change["status"] as? String == "pending" && change["new_amount"] as? String == "60.00")
        #expect(invoice["total"] as? String == change["difference"] as? String && invoice["status"] as? String == "unpaid")
        #expect(try await client.sendJSON("POST", path, ["product_id": monthlyOnly], headers: alice.headers).status == 422)
        #expect(try await client.sendJSON("POST", path, ["product_id": bigger], headers: alice.headers).status == 409)
        #expect(try changes(id) == 1)
    }

    @Test("staff need a code; a downgrade credits at once; a cancelled server is a 409")
    func staffDowngradeAndCancelled() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection)
        let (id, _) = try server(of: alice)
        let path = "/api/v1/dedicated-servers/instances/\(id)/change-product"
        let smaller = try product(quarterly: "15.00")
        #expect(try await client.sendJSON("POST", path, ["product_id": smaller], headers: try staff.headers()).status == 401)
        let down = try await client.sendJSON("POST", path, ["product_id": smaller], headers: try staff.headers(code: 0))
        #expect(down.status == 201, "\(down.text)")
        #expect(try down.json()["invoice"] is NSNull)
        let change = try #require(try down.json()["change"] as? [String: Any])
        #expect(change["status"] as? String == "applied" && (change["difference"] as? String)?.hasPrefix("-") == true)
        #expect(try connection.query("SELECT count(*) AS n FROM credit_entries WHERE customer_id = $1 AND kind = 'downgrade'", [alice.user.id])[0]
            .decode(Int.self, "n") == 1)
        #expect(try connection.query("SELECT count(*) AS n FROM jobs WHERE instance_id = $1 AND action = 'change_package'", [id])[0]
            .decode(Int.self, "n") == 1)
        let cancel = try await client.sendJSON("POST", "/api/v1/dedicated-servers/instances/\(id)/cancel", ["when": "immediate"], headers: alice.headers)
        #expect(cancel.status == 201, "\(cancel.text)")
        let bigger = try product(quarterly: "60.00")
        #expect(try await client.sendJSON("POST", path, ["product_id": bigger], headers: alice.headers).status == 409)
        #expect(try changes(id) == 1)
    }

    @Test("the customer's server page: billing facts, change product with the prorated amount, cancel; staff page asks for a code and reverts")
    func pages() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection)
        let token = try Sessions.start(on: connection, user: alice.user, stage: .full, origin: .commandLine)
        let session = try #require(try Sessions.find(token: token, on: connection))
        let (id, _) = try server(of: alice)
        let bigger = try product(quarterly: "60.00")
        let cookie = ["Cookie": "vps_session=\(token)"]
        let form = cookie.merging(["Content-Type": "application/x-www-form-urlencoded"]) { $1 }
        let page = try await client.send("GET", "/my/servers/\(id)", headers: cookie)
        #expect(page.status == 200)
        for expected in ["Billing cycle", "Quarterly", "30.00 EUR per quarter", "Next due", "id=\"change-product-form\"", "id=\"cancel-form\"",
                         "60.00 EUR a quarter", "to pay now"] {
            #expect(page.text.contains(expected), "\(expected) missing")
        }
        let staffToken = try Sessions.start(on: connection, user: staff.user, stage: .full, origin: .commandLine)
        let staffCookie = ["Cookie": "vps_session=\(staffToken)"]
        let staffForm = try await client.send("GET", "/admin/servers/\(id)", headers: staffCookie)
        #expect(staffForm.text.contains("action=\"/admin/servers/\(id)/change-product\"") && staffForm.text.contains("id=\"change-code\""))
        #expect(staffForm.text.contains("action=\"/admin/servers/\(id)/cancel\""), "staff cancel from the page too")
        let refused = try await client.send("POST", "/my/servers/\(id)/change-product", headers: form,
                                            body: Data("product_id=999999999&csrf_token=\(session.csrfToken)".utf8))
        #expect(refused.status == 422 && refused.text.contains("Not changed: the product no such product."))
        let changed = try await client.send("POST", "/my/servers/\(id)/change-product", headers: form,
                                            body: Data("product_id=\(bigger)&csrf_token=\(session.csrfToken)".utf8))
        #expect(changed.status == 303 && changed.header("Location")?.hasPrefix("/my/invoices/") == true, "\(changed.text)")
        #expect(try await client.send("GET", "/my/servers/\(id)", headers: cookie).text.contains("id=\"change-pending\""))
        let staffPage = try await client.send("GET", "/admin/servers/\(id)", headers: staffCookie)
        #expect(staffPage.status == 200 && staffPage.text.contains("id=\"change-pending\""))
        let cancelled = try await client.send("POST", "/my/servers/\(id)/cancel", headers: form,
                                              body: Data("when=end_of_period&csrf_token=\(session.csrfToken)".utf8))
        #expect(cancelled.status == 303, "\(cancelled.text)")
        let after = try await client.send("GET", "/my/servers/\(id)?cancelled=1", headers: cookie)
        #expect(after.text.contains("Cancellation recorded.") && after.text.contains("id=\"cancellation-pending\"") && !after.text.contains("id=\"cancel-form\""))
        #expect(!after.text.contains("revert-cancel-form"), "customers do not revert")

        let staffSession = try #require(try Sessions.find(token: staffToken, on: connection))
        let staffPending = try await client.send("GET", "/admin/servers/\(id)", headers: staffCookie)
        #expect(staffPending.text.contains("id=\"revert-cancel-form\"") && !staffPending.text.contains("id=\"cancel-form\""))
        let staffFormHeaders = staffCookie.merging(["Content-Type": "application/x-www-form-urlencoded"]) { $1 }
        let reverted = try await client.send("POST", "/admin/servers/\(id)/cancel/revert", headers: staffFormHeaders,
                                             body: Data("csrf_token=\(staffSession.csrfToken)".utf8))
        #expect(reverted.status == 303, "\(reverted.text)")
        let billedAgain = try await client.send("GET", "/admin/servers/\(id)?reverted=1", headers: staffCookie)
        #expect(billedAgain.text.contains("Cancellation reverted") && billedAgain.text.contains("id=\"cancel-form\""))
        let again = try await client.send("POST", "/admin/servers/\(id)/cancel/revert", headers: staffFormHeaders,
                                          body: Data("csrf_token=\(staffSession.csrfToken)".utf8))
        #expect(again.status == 409, "nothing pending any more")
        let staffCancel = try await client.send("POST", "/admin/servers/\(id)/cancel", headers: staffFormHeaders,
                                                body: Data("when=sometime&csrf_token=\(staffSession.csrfToken)".utf8))
        #expect(staffCancel.status == 422 && staffCancel.text.contains("choose the end of the period"))
    }
}
