@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Cancelling a server over JSON: the owner or staff ask; staff revert a pending request")
struct CancellationAPITests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    /// An active, billed server of `customer`, paid through ten days from now; returns its id.
    private func server(of customer: CustomerActor) throws -> Int {
        let server = try Fixtures.server(on: connection)
        try connection.query("UPDATE jobs SET status = 'succeeded', finished_at = now() WHERE instance_id = $1", [server.id])
        try connection.query(
            """
            UPDATE server_instances SET customer_id = $2, status = 'active', billing_cycle = 'monthly', recurring_amount = 10,
                   billing_anchor = current_date - 20, next_due_date = current_date + 10, invoiced_until = current_date + 10
            WHERE id = $1
            """, [server.id, customer.user.id])
        return server.id
    }

    @Test("bad requests answer 4xx and change nothing; end of period is pending until staff revert it")
    func endOfPeriodAndRevert() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection), bob = try Fixtures.customerActor(on: connection)
        let id = try server(of: alice)
        let path = "/api/v1/dedicated-servers/instances/\(id)/cancel"
        for body in [[:], ["when": "tomorrow"], ["when": 3]] as [[String: Any]] {
            let reply = try await client.sendJSON("POST", path, body, headers: alice.headers)
            #expect(reply.status == 422, "\(reply.text)")
            #expect((try reply.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "when")
        }
        #expect(try await client.sendJSON("POST", path, ["when": "immediate"], headers: bob.headers).status == 404)
        #expect(try await client.sendJSON("POST", "/api/v1/dedicated-servers/instances/999999999/cancel", ["when": "immediate"],
                                          headers: try staff.headers()).status == 404)
        let asked = try await client.sendJSON("POST", path, ["when": "end_of_period"], headers: alice.headers)
        #expect(asked.status == 201, "\(asked.text)")
        let due = try connection.query("SELECT next_due_date::text AS d FROM server_instances WHERE id = $1", [id])[0].decode(String.self, "d")
        #expect(try asked.json()["effective_date"] as? String == due && asked.json()["billing_status"] as? String == "current")
        #expect(try await client.sendJSON("POST", path, ["when": "immediate"], headers: alice.headers).status == 409)
        #expect(try await client.send("DELETE", path, headers: alice.headers).status == 403)
        let reverted = try await client.send("DELETE", path, headers: try staff.headers())
        #expect(reverted.status == 200, "\(reverted.text)")
        #expect(try reverted.json()["when"] is NSNull)
        #expect(try await client.send("DELETE", path, headers: try staff.headers()).status == 409)
        #expect(try connection.query("SELECT count(*) AS n FROM jobs WHERE instance_id = $1 AND action = 'terminate'", [id])[0]
            .decode(Int.self, "n") == 0)
    }

    @Test("immediate cancels the service and queues its terminate job at once; it cannot be asked twice or reverted")
    func immediate() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let alice = try Fixtures.customerActor(on: connection)
        let id = try server(of: alice)
        let path = "/api/v1/dedicated-servers/instances/\(id)/cancel"
        let now = try await client.sendJSON("POST", path, ["when": "immediate"], headers: alice.headers)
        #expect(now.status == 201, "\(now.text)")
        #expect(try now.json()["billing_status"] as? String == "cancelled")
        #expect((try now.json()["job"] as? [String: Any])?["action"] as? String == "terminate")
        #expect(try await client.sendJSON("POST", path, ["when": "end_of_period"], headers: alice.headers).status == 409)
        #expect(try await client.send("DELETE", path, headers: try staff.headers()).status == 409)
        #expect(try connection.query("SELECT count(*) AS n FROM jobs WHERE instance_id = $1 AND action = 'terminate'", [id])[0]
            .decode(Int.self, "n") == 1)
    }
}
