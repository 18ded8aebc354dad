@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Servers, modules and jobs end to end", .serialized)
struct ServersAPITests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    private func demoProduct(_ staff: StaffActor, config: [String: Any] = ["delay_ms": 300], module: String = "demo") async throws -> Int {
        let reply = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products",
                                              Fixtures.productBody(["provisioning_module": module, "module_config": config]), headers: try staff.headers())
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(try reply.json()["id"] as? Int)
    }

    /// Orders one server of `productID` for a new customer and pays; returns (customer, order id).
    private func paidOrder(_ staff: StaffActor, productID: Int) async throws -> (CustomerActor, Int) {
        let customer = try Fixtures.customerActor(on: connection)
        let order = try await client.sendJSON("POST", "/api/v1/orders",
                                              ["items": [["product_id": productID, "billing_cycle": "monthly", "hostname": "e2e.example.com"]]],
                                              headers: customer.headers)
        let id = try #require(try order.json()["id"] as? Int)
        let paid = try await client.send("POST", "/api/v1/orders/\(id)/pay", headers: try staff.headers(code: 0))
        #expect(paid.status == 200, "\(paid.text)")
        return (customer, id)
    }

    private func serverOf(order: Int, _ headers: [String: String]) async throws -> [String: Any] {
        let servers = try await client.send("GET", "/api/v1/dedicated-servers/instances?limit=200", headers: headers)
        let items = try #require(try servers.json()["items"] as? [[String: Any]])
        return try #require(items.first { $0["order_id"] as? Int == order })
    }

    private func waitForStatus(_ server: Int, _ status: String, headers: [String: String], timeout: Double = 30) async throws -> [String: Any] {
        let client = self.client
        let body = try await eventually(timeout: timeout) { () -> [String: Any]? in
            let reply = try await client.send("GET", "/api/v1/dedicated-servers/instances/\(server)/status", headers: headers)
            let json = try reply.json()
            return json["status"] as? String == status ? json : nil
        }
        return try #require(body, "server \(server) never became \(status)")
    }

    private func runAction(_ action: String, server: Int, headers: [String: String]) async throws -> [String: Any] {
        let reply = try await client.send("POST", "/api/v1/dedicated-servers/instances/\(server)/\(action)", headers: headers)
        #expect(reply.status == 202, "\(action): \(reply.text)")
        let job = try #require(try reply.json()["job"] as? [String: Any])
        #expect(job["action"] as? String == action)
        let id = try #require(job["id"] as? Int)
        let client = self.client
        let finished = try await eventually { () -> [String: Any]? in
            let reply = try await client.send("GET", "/api/v1/jobs/\(id)", headers: headers)
            let json = try reply.json()
            return ["succeeded", "failed"].contains(json["status"] as? String ?? "") ? json : nil
        }
        return try #require(finished, "job \(id) never finished")
    }

    @Test("order → pay → provisioning → active with an IP; reboot, suspend, unsuspend, terminate as jobs")
    func lifecycle() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let productID = try await demoProduct(staff)
        let (customer, orderID) = try await paidOrder(staff, productID: productID)
        let server = try await serverOf(order: orderID, customer.headers)
        let id = try #require(server["id"] as? Int)
        let active = try await waitForStatus(id, "active", headers: customer.headers)
        let build = try Jobs.recent(instanceID: id, on: connection).last
        #expect(build?.action == .provision && build?.status == .succeeded, "the server became active through its provisioning job")
        #expect((active["ip_address"] as? String)?.hasPrefix("100.") == true)
        #expect(active["hostname"] as? String == "e2e.example.com")
        let order = try await client.send("GET", "/api/v1/orders/\(orderID)", headers: customer.headers)
        #expect(try order.json()["status"] as? String == "active")

        #expect(try await runAction("reboot", server: id, headers: customer.headers)["status"] as? String == "succeeded")
        #expect(try await runAction("suspend", server: id, headers: try staff.headers())["status"] as? String == "succeeded")
        _ = try await waitForStatus(id, "suspended", headers: customer.headers, timeout: 10)
        let blocked = try await client.send("POST", "/api/v1/dedicated-servers/instances/\(id)/reboot", headers: customer.headers)
        #expect(blocked.status == 409)
        #expect(blocked.text.contains("suspended"))
        #expect(try Jobs.recent(instanceID: id, on: connection).first?.action == .suspend, "a refused reboot queues no job")
        #expect(try await runAction("unsuspend", server: id, headers: try staff.headers())["status"] as? String == "succeeded")
        _ = try await waitForStatus(id, "active", headers: customer.headers, timeout: 10)
        #expect(try await client.send("POST", "/api/v1/dedicated-servers/instances/\(id)/terminate", headers: customer.headers).status == 403)
        #expect(try await runAction("terminate", server: id, headers: try staff.headers())["status"] as? String == "succeeded")
        _ = try await waitForStatus(id, "terminated", headers: customer.headers, timeout: 10)
        let again = try await client.send("POST", "/api/v1/dedicated-servers/instances/\(id)/unsuspend", headers: try staff.headers())
        #expect(again.status == 409)
        #expect(again.text.contains("terminated"))
        let power = try connection.query("SELECT power_state, boots FROM demo_machines WHERE instance_id = $1", [id])[0]
        #expect(try power.decode(String.self, "power_state") == "deleted")
        #expect(try power.decode(Int.self, "boots") == 2)
    }

    @Test("paying hands the server to a slow module without waiting for it")
    func payingDoesNotWait() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        // The module takes 20 s, so what the test sees right after paying is the state before
        // the module finished, however slow this machine is.
        let productID = try await demoProduct(staff, config: ["delay_ms": 20_000])
        let started = ContinuousClock.now
        let (customer, orderID) = try await paidOrder(staff, productID: productID)
        #expect(ContinuousClock.now - started < .seconds(10), "paying must not wait on the module")
        let server = try await serverOf(order: orderID, customer.headers)
        #expect(["pending_provisioning", "provisioning"].contains(server["status"] as? String ?? ""))
    }

    @Test("credentials are sealed at rest, readable by the owner and staff only, each read audited")
    func credentials() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let productID = try await demoProduct(staff)
        let (customer, orderID) = try await paidOrder(staff, productID: productID)
        let id = try #require(try await serverOf(order: orderID, customer.headers)["id"] as? Int)
        _ = try await waitForStatus(id, "active", headers: customer.headers)
        let reply = try await client.send("GET", "/api/v1/dedicated-servers/instances/\(id)/credentials", headers: customer.headers)
        #expect(reply.status == 200)
        let password = try #require(try reply.json()["root_password"] as? String)
        #expect(password.count >= 16)
        let other = try Fixtures.customerActor(on: connection)
        #expect(try await client.send("GET", "/api/v1/dedicated-servers/instances/\(id)/credentials", headers: other.headers).status == 404)
        #expect(try await client.send("GET", "/api/v1/dedicated-servers/instances/\(id)", headers: other.headers).status == 404)
        #expect(try await client.send("GET", "/api/v1/dedicated-servers/instances/\(id)/credentials", headers: try staff.headers()).status == 200)
        var dump = ""
        for table in ["server_instances", "jobs", "job_attempts", "audit_log", "demo_machines"] {
            for row in try connection.query("SELECT row_to_json(t)::text AS j FROM \(unescaped: table) t") { dump += try row.decode(String.self, "j") }
        }
        #expect(!dump.contains(password), "a plaintext credential is stored somewhere")
        let reads = try AuditLog.list(on: connection, page: PageRequest(limit: 20), targetType: "server", targetID: String(id)).items
        #expect(reads.filter { $0.action == "server.credentials_viewed" }.count == 2)
    }

    @Test("a module that fails makes the server failed with a readable reason; staff retry it")
    func failureAndRetry() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let productID = try await demoProduct(staff, config: ["delay_ms": 100, "fail_actions": ["create"]])
        let (customer, orderID) = try await paidOrder(staff, productID: productID)
        let id = try #require(try await serverOf(order: orderID, customer.headers)["id"] as? Int)
        let failed = try await waitForStatus(id, "failed", headers: try staff.headers())
        #expect((failed["failure_reason"] as? String)?.contains("configured to fail") == true)
        let job = try #require(failed["job"] as? [String: Any])
        #expect(job["status"] as? String == "failed")
        #expect((job["error"] as? String)?.contains("refused create") == true)
        #expect(try await client.send("POST", "/api/v1/dedicated-servers/instances/\(id)/retry", headers: customer.headers).status == 403)
        let retry = try await client.send("POST", "/api/v1/dedicated-servers/instances/\(id)/retry", headers: try staff.headers())
        #expect(retry.status == 202)
        _ = try await waitForStatus(id, "failed", headers: try staff.headers())
    }

    @Test("one reboot at a time per server; customers are rate limited")
    func rebootRules() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let productID = try await demoProduct(staff, config: ["delay_ms": 1500])
        let (customer, orderID) = try await paidOrder(staff, productID: productID)
        let id = try #require(try await serverOf(order: orderID, customer.headers)["id"] as? Int)
        _ = try await waitForStatus(id, "active", headers: customer.headers)
        let first = try await client.send("POST", "/api/v1/dedicated-servers/instances/\(id)/reboot", headers: customer.headers)
        #expect(first.status == 202)
        let second = try await client.send("POST", "/api/v1/dedicated-servers/instances/\(id)/reboot", headers: customer.headers)
        #expect(second.status == 409)
        #expect(second.text.contains("already under way"))
    }

    @Test("staff provision a server directly; a loadable module builds it")
    func loadableModule() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("cloud-\(UUID().uuidString).json").path
        let productID = try await demoProduct(staff, config: ["state_file": state], module: "example-cloud")
        let customer = try Fixtures.customerActor(on: connection)
        let reply = try await client.sendJSON("POST", "/api/v1/dedicated-servers/provision",
                                              ["customer_id": customer.user.id, "product_id": productID, "hostname": "cloud1.example.com"],
                                              headers: try staff.headers())
        #expect(reply.status == 202, "\(reply.text)")
        let id = try #require(((try reply.json()["instance"] as? [String: Any])?["id"]) as? Int)
        let active = try await waitForStatus(id, "active", headers: customer.headers)
        #expect((active["ip_address"] as? String)?.hasPrefix("203.0.113.") == true)
        #expect(try await runAction("reboot", server: id, headers: customer.headers)["status"] as? String == "succeeded")
    }

    @Test("a loadable module that hangs, crashes or prints garbage fails its job readably; the portal stays up")
    func badModules() async throws {
        let directory = try #require(ProcessInfo.processInfo.environment["VPS_TEST_MODULES_DIR"], "VPS_TEST_MODULES_DIR is not set")
        let scripts = [
            "hang-\(UUID().uuidString.prefix(6).lowercased())": ("#!/bin/sh\nsleep 60\n", "did not answer within 1"),
            "crash-\(UUID().uuidString.prefix(6).lowercased())": ("#!/bin/sh\necho dying >&2\nkill -9 $$\n", "crash"),
            "garbage-\(UUID().uuidString.prefix(6).lowercased())": ("#!/bin/sh\necho 'hello there'\n", "not the protocol's JSON"),
        ]
        let staff = try Fixtures.staffActor(on: connection)
        let customer = try Fixtures.customer(on: connection)
        for (name, (body, expected)) in scripts {
            let path = directory + "/" + name
            try body.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let productID = try await demoProduct(staff, config: ["timeout_seconds": 1, "max_attempts": 1], module: name)
            let reply = try await client.sendJSON("POST", "/api/v1/dedicated-servers/provision",
                                                  ["customer_id": customer.id, "product_id": productID], headers: try staff.headers())
            let id = try #require(((try reply.json()["instance"] as? [String: Any])?["id"]) as? Int)
            let failed = try await waitForStatus(id, "failed", headers: try staff.headers(), timeout: 60)
            let reason = failed["failure_reason"] as? String ?? ""
            #expect(reason.lowercased().contains(expected.lowercased()) || reason.contains(name), "\(name): \(reason)")
        }
        #expect(try await client.send("GET", "/health").status == 200)
    }
}
