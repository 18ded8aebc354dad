@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("The job runner survives kill -9", .serialized)
struct JobRunnerFaultTests {
    @Test("killed mid-provisioning: restarted, the job finishes once, one server per item")
    func killRunnerDuringProvisioning() async throws {
        let client = try HTTPClient()
        let connection = try TestEnvironment.connect()
        let staff = try Fixtures.staffActor(on: connection)
        let product = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products",
                                                Fixtures.productBody(["provisioning_module": "demo", "module_config": ["delay_ms": 25_000]]),
                                                headers: try staff.headers())
        let productID = try #require(try product.json()["id"] as? Int)
        let customer = try Fixtures.customer(on: connection)
        let order = try await client.sendJSON("POST", "/api/v1/orders",
                                              ["customer_id": customer.id, "items": [["product_id": productID, "billing_cycle": "monthly"]]],
                                              headers: try staff.headers())
        let orderID = try #require(try order.json()["id"] as? Int)
        #expect(try await client.send("POST", "/api/v1/orders/\(orderID)/pay", headers: try staff.headers(code: 0)).status == 200)
        let instanceID = try #require(try connection.query("SELECT id FROM server_instances WHERE order_id = $1", [orderID]).firstRow?.decode(Int.self, "id"))

        // The job runs for 25 s: this test, sharing two cores with every other suite, has been
        // held off the cooperative pool for longer than an 8 s job took, and saw it only succeeded.
        let running = try await eventually(timeout: 60) { () -> Bool? in
            let status = try connection.query("SELECT status FROM jobs WHERE instance_id = $1", [instanceID])[0].decode(String.self, "status")
            return status == "running" ? true : nil
        }
        #expect(running == true, "the provisioning job never started")
        let runners = try StackProcesses.children(running: "jobs")
        #expect(runners.count == 1)
        for pid in runners { kill(pid, SIGKILL) }
        let restarted = try await eventually(timeout: 45) { () -> [Int32]? in
            let now = try StackProcesses.children(running: "jobs")
            return !now.isEmpty && Set(now).isDisjoint(with: runners) ? now : nil
        }
        #expect(restarted != nil, "the supervisor did not restart the job runner")

        let active = try await eventually(timeout: 180) { () -> Bool? in
            try Instances.find(id: instanceID, on: connection)?.status == .active ? true : nil
        }
        #expect(active == true, "the server never became active after the restart")
        let servers = try connection.query("SELECT count(*) AS n FROM server_instances WHERE order_id = $1", [orderID])[0].decode(Int.self, "n")
        #expect(servers == 1)
        let machines = try connection.query("SELECT count(*) AS n FROM demo_machines WHERE instance_id = $1", [instanceID])[0].decode(Int.self, "n")
        #expect(machines == 1)
        let jobs = try connection.query("SELECT status, attempts FROM jobs WHERE instance_id = $1", [instanceID])
        #expect(jobs.count == 1)
        #expect(try jobs[0].decode(String.self, "status") == "succeeded")
        let outcomes = try connection.query("SELECT outcome FROM job_attempts a JOIN jobs j ON j.id = a.job_id WHERE j.instance_id = $1 ORDER BY attempt", [instanceID])
            .map { try $0.decode(String.self, "outcome") }
        #expect(outcomes == ["lost", "succeeded"])
        let provisioned = try AuditLog.list(on: connection, page: PageRequest(limit: 20), targetType: "server", targetID: String(instanceID))
            .items.filter { $0.action == "server.provisioned" }
        #expect(provisioned.count == 1)
    }
}
