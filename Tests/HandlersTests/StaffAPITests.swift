@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

/// The staff area's JSON twins — the team, an admin's 2FA reset, the dashboard and the manual
/// queue — request in, response out. No job runner is assumed: build jobs may stay queued.
@Suite("Staff, dashboard and the manual queue over JSON")
struct StaffAPITests {
    let application: PortalApplication
    let connection: PostgresConnection

    init() throws {
        application = .portal(services: try TestServices.make())
        connection = try TestEnvironment.connect()
    }

    private func api(_ role: Role) throws -> InProcessAPI {
        let user = role == .customer ? try Fixtures.customer(on: connection) : try Fixtures.enrolledStaff(on: connection, role: role).user
        return try InProcessAPI(application, on: connection, as: user)
    }

    @Test("GET /api/v1/staff: the team with who may reset whose 2FA, as the staff page shows; customers 403")
    func staffList() throws {
        let admin = try api(.admin)
        let member = try Fixtures.enrolledStaff(on: connection, role: .staff).user
        let asAdmin = try admin.send("GET", "/api/v1/staff").items()
        let row = try #require(asAdmin.first { $0["id"] as? Int == member.id })
        #expect(row["email"] as? String == member.email)
        #expect(row["role"] as? String == "staff")
        #expect(row["two_factor_enabled"] as? Bool == true)
        #expect(row["can_reset_two_factor"] as? Bool == true)
        #expect(asAdmin.first { $0["id"] as? Int == admin.user.id }?["can_reset_two_factor"] as? Bool == false, "not one's own")
        #expect(!asAdmin.contains { $0["role"] as? String == "customer" })
        let asStaff = try api(.staff).send("GET", "/api/v1/staff").items()
        #expect(asStaff.first { $0["id"] as? Int == member.id }?["can_reset_two_factor"] as? Bool == false, "only admins reset")
        #expect(try api(.customer).send("GET", "/api/v1/staff").problemFields(403).isEmpty)
    }

    @Test("POST /api/v1/staff/{id}/reset-2fa: an admin resets another member (sessions end, audited); customers' ids 404, one's own 409, staff 403")
    func resetTwoFactor() throws {
        let admin = try api(.admin)
        let member = try Fixtures.enrolledStaff(on: connection, role: .staff).user
        let session = try Sessions.start(on: connection, user: member, stage: .full, origin: .commandLine)

        #expect(try api(.staff).send("POST", "/api/v1/staff/\(member.id)/reset-2fa").problemFields(403).isEmpty)
        #expect(try api(.customer).send("POST", "/api/v1/staff/\(member.id)/reset-2fa").problemFields(403).isEmpty)
        let customer = try Fixtures.enrolledCustomer(on: connection).user
        #expect(try admin.send("POST", "/api/v1/staff/\(customer.id)/reset-2fa").problemFields(404).isEmpty)
        #expect(try Users.find(id: customer.id, on: connection)?.twoFactorEnabled == true, "a customer's 2FA is not the staff page's business")
        #expect(try admin.send("POST", "/api/v1/staff/2000000000/reset-2fa").problemFields(404).isEmpty)
        #expect(try admin.send("POST", "/api/v1/staff/\(admin.user.id)/reset-2fa").problemFields(409).isEmpty)
        #expect(try Users.find(id: member.id, on: connection)?.twoFactorEnabled == true, "refusals change nothing")

        let reset = admin.send("POST", "/api/v1/staff/\(member.id)/reset-2fa")
        #expect(reset.status == .noContent, "\(reset.text)")
        #expect(try Users.find(id: member.id, on: connection)?.twoFactorEnabled == false)
        #expect(try Sessions.find(token: session, on: connection) == nil)
        let audit = try AuditLog.list(on: connection, page: PageRequest(limit: 5), targetType: "user", targetID: String(member.id)).items
        #expect(audit.first?.action == "two_factor.reset")
    }

    @Test("GET /api/v1/dashboard: the dashboard's figures (with the reports' headline) for staff; customers 403")
    func dashboard() throws {
        let reply = try api(.staff).send("GET", "/api/v1/dashboard")
        #expect(reply.status == .ok, "\(reply.text)")
        let figures = try reply.object()
        let orders = try #require(figures["orders"] as? [String: Any])
        #expect(Set((orders["counts_by_status"] as? [String: Int] ?? [:]).keys) == Set(OrderStatus.allCases.map(\.rawValue)))
        #expect((orders["revenue_this_month"] as? String)?.contains(".") == true)
        #expect(Set((figures["servers"] as? [String: Int] ?? [:]).keys) == Set(ServerStatus.allCases.map(\.rawValue)))
        #expect(figures["recent_activity"] is [Any])
        let headline = try #require(figures["headline"] as? [String: Any])
        #expect(headline["currency"] as? String == "EUR")
        for key in ["mrr", "collected_this_month", "overdue"] { #expect(Money(headline[key] as? String ?? "x") != nil, "\(key)") }
        #expect((headline["months"] as? [String])?.count == 12)
        #expect((headline["mrr_trend"] as? [String])?.count == 12 && (headline["collected_trend"] as? [String])?.count == 12)
        #expect(try api(.customer).send("GET", "/api/v1/dashboard").problemFields(403).isEmpty)
    }

    /// A new server on the `manual` module and its open build task (opened here as the module would).
    private func buildTask() throws -> (server: ServerInstance, task: Int) {
        let server = try Fixtures.server(on: connection)
        if let task = try ManualTasks.openTasks(on: connection).first(where: { $0.instanceID == server.id && $0.action == .provision }) {
            return (server, task.id)
        }
        let id = try connection.query("INSERT INTO manual_tasks (instance_id, action) VALUES ($1, 'provision') RETURNING id", [server.id])[0]
            .decode(Int.self, "id")
        return (server, id)
    }

    @Test("the manual queue: list, complete with bad details (422 naming them, still open) then good ones (the server is active), twice 409")
    func completeTask() throws {
        let staff = try api(.staff)
        let (server, task) = try buildTask()
        let listed = try staff.send("GET", "/api/v1/tasks").items()
        let row = try #require(listed.first { $0["id"] as? Int == task })
        #expect(row["instance_id"] as? Int == server.id)
        #expect(row["action"] as? String == "provision")
        #expect(row["status"] as? String == "open")

        let path = "/api/v1/tasks/\(task)/complete"
        #expect(Set(try staff.send("POST", path, json: "{}").problemFields(422)) == ["hostname", "ip_address", "root_password"])
        #expect(try staff.send("POST", path, object: ["hostname": "web1.example.com", "ip_address": "192.0.2.300", "root_password": "s3cret-pass"])
            .problemFields(422) == ["ip_address"])
        #expect(try staff.send("POST", path, object: ["hostname": "web1.example.com", "ip_address": "192.0.2.30", "root_password": "s3cret-pass",
                                                      "ssh_port": 70000]).problemFields(422) == ["ssh_port"])
        #expect(try staff.send("POST", path, json: #"{"hostname": ["a"]}"#).problemFields(422) == ["hostname"])
        #expect(try staff.send("GET", "/api/v1/tasks").items().contains { $0["id"] as? Int == task }, "still open")
        #expect(try Instances.find(id: server.id, on: connection)?.status != .active)
        #expect(try api(.customer).send("POST", path, object: ["hostname": "x.example.com"]).problemFields(403).isEmpty)

        let done = try staff.send("POST", path, object: [
            "hostname": "web\(server.id).example.com", "ip_address": "192.0.2.30", "root_password": "s3cret-pass", "ssh_port": "2222",
            "operating_system": "debian-12"])
        #expect(done.status == .ok, "\(done.text)")
        let closed = try done.object()
        #expect(closed["id"] as? Int == task)
        #expect(closed["status"] as? String == "completed")
        let built = try #require(try Instances.find(id: server.id, on: connection))
        #expect(built.status == .active)
        #expect(built.ipAddress == "192.0.2.30")
        #expect(built.sshPort == 2222)
        #expect(!(try staff.send("GET", "/api/v1/tasks").items().contains { $0["id"] as? Int == task }))
        #expect(try staff.send("POST", path, object: ["hostname": "again.example.com"]).problemFields(409).isEmpty)
        #expect(try staff.send("POST", "/api/v1/tasks/2000000000/complete", json: "{}").problemFields(404).isEmpty)
    }

    @Test("failing a task needs a reason (422 on reason); then the server fails with it; unknown tasks 404")
    func failTask() throws {
        let staff = try api(.admin)
        let (server, task) = try buildTask()
        let path = "/api/v1/tasks/\(task)/fail"
        #expect(try staff.send("POST", path, json: "{}").problemFields(422) == ["reason"])
        #expect(try staff.send("POST", path, object: ["reason": "   "]).problemFields(422) == ["reason"])
        #expect(try staff.send("POST", path, object: ["reason": String(repeating: "r", count: 501)]).problemFields(422) == ["reason"])
        #expect(try Instances.find(id: server.id, on: connection)?.status != .failed)
        let failed = try staff.send("POST", path, object: ["reason": "no hardware left in that rack"])
        #expect(failed.status == .ok, "\(failed.text)")
        #expect(try failed.object()["status"] as? String == "failed")
        #expect(try failed.object()["outcome"] as? String == "no hardware left in that rack")
        let after = try #require(try Instances.find(id: server.id, on: connection))
        #expect(after.status == .failed)
        #expect(after.failureReason == "no hardware left in that rack")
        #expect(try staff.send("POST", "/api/v1/tasks/2000000000/fail", object: ["reason": "x"]).problemFields(404).isEmpty)
    }
}
