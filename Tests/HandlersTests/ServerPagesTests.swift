@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing
import Views

/// No job runner is assumed here: jobs may stay queued, so no test waits for one.
@Suite("Server and manual task pages, request in, response out")
struct ServerPagesTests {
    let application: PortalApplication
    let connection: PostgresConnection

    init() throws {
        application = .portal(services: try TestServices.make())
        connection = try TestEnvironment.connect()
    }

    private func staffBrowser() throws -> InProcessBrowser {
        try InProcessBrowser.staff(application, on: connection)
    }

    private func get(_ browser: InProcessBrowser, _ path: String) -> Response {
        browser.get(path)
    }

    private func post(_ browser: InProcessBrowser, _ path: String, _ fields: [(String, String)] = []) -> Response {
        browser.post(path, fields)
    }

    /// A new server on the `manual` module in a location of its own, still waiting for its build.
    private func manualServer(by staff: User) throws -> (server: ServerInstance, product: Product, customer: User, location: String) {
        let location = "pages-" + UUID().uuidString.prefix(8).lowercased()
        var input = ProductInput()
        input.scalars = ["name": "Server pages VPS \(UUID().uuidString.prefix(5))", "server_type": "vps", "cpu_cores": "2", "ram_gb": "4",
                         "storage_gb": "50", "price_monthly": "10.00", "provisioning_module": "manual", "datacenter_location": location]
        let product = try Products.create(try ProductDraft.validate(input), on: connection, actor: .commandLine, origin: .commandLine)
        let customer = try Fixtures.customer(on: connection)
        let (server, _) = try ServerActions.provision(
            customerID: customer.id, productID: product.id, hostname: nil, operatingSystem: "debian-12", by: staff, on: connection,
            origin: .commandLine)
        return (server, product, customer, location)
    }

    /// The open build task of a manual server. Without a job runner the module never ran, so the
    /// test opens the task the module would have opened (the module reuses an open one).
    private func buildTask(of server: ServerInstance) throws -> Int {
        if let task = try ManualTasks.openTasks(on: connection).first(where: { $0.instanceID == server.id && $0.action == .provision }) {
            return task.id
        }
        return try connection.query(
            "INSERT INTO manual_tasks (instance_id, action) VALUES ($1, 'provision') RETURNING id", [server.id])[0].decode(Int.self, "id")
    }

    /// Closes whatever tasks of `server` are still open, so test runs do not fill the queue.
    private func closeTasks(of server: ServerInstance, by staff: User) {
        let open = (try? ManualTasks.openTasks(on: connection).filter { $0.instanceID == server.id }) ?? []
        for task in open { _ = try? ManualTasks.fail(taskID: task.id, reason: "test over", by: staff, on: connection, origin: .commandLine) }
    }

    /// The status badge a server page shows.
    private func shownStatus(_ page: Response) throws -> ServerStatus {
        let marker = #"id="server-status">"#
        let start = try #require(page.text.range(of: marker))
        let name = page.text[start.upperBound...].prefix { $0 != "<" }
        return try #require(ServerStatus(rawValue: String(name)))
    }

    /// Builds a manual server through the task page with `password` as its root password.
    private func activeServer(_ staff: InProcessBrowser, password: String) throws -> ServerInstance {
        let made = try manualServer(by: staff.user)
        let task = try buildTask(of: made.server)
        let done = post(staff, "/admin/tasks/\(task)/complete", [("hostname", "page\(made.server.id).example.com"), ("ip_address", "192.0.2.10"),
                                                                 ("root_password", password), ("operating_system", "debian-12")])
        #expect(done.status == .seeOther, "\(done.text)")
        return try #require(try Instances.find(id: made.server.id, on: connection))
    }

    @Test("the list shows a server, filters by status, customer, product, location and search, and refuses bad filters")
    func list() throws {
        let staff = try staffBrowser()
        let server = try activeServer(staff, password: "list root password")
        defer { closeTasks(of: server, by: staff.user) }
        let link = #"href="/admin/servers/\#(server.id)""#
        let all = get(staff, "/admin/servers")
        #expect(all.status == .ok)
        #expect(all.text.contains(link))
        let filtered = get(staff, "/admin/servers?status=active&customer_id=\(server.customerID)&product_id=\(server.productID ?? 0)&location=\(server.datacenterLocation)&search=page\(server.id)")
        #expect(filtered.status == .ok)
        #expect(filtered.text.contains(link))
        #expect(filtered.text.contains(server.customerEmail))
        #expect(filtered.text.contains("status-active"))
        #expect(get(staff, "/admin/servers?search=192.0.2.10&location=\(server.datacenterLocation)").text.contains(link))
        let other = get(staff, "/admin/servers?status=failed&location=\(server.datacenterLocation)")
        #expect(other.status == .ok)
        #expect(!other.text.contains(link))
        #expect(other.text.contains("No servers match."))
        let bad = get(staff, "/admin/servers?status=nonsense")
        #expect(bad.status == .unprocessableContent)
        #expect(bad.text.contains("status must be one of"))
        #expect(get(staff, "/admin/servers?customer_id=abc").status == .unprocessableContent)
        #expect(get(staff, "/admin/servers?limit=0").status == .unprocessableContent)
        #expect(get(staff, "/admin/servers?cursor=%%%").status != .internalServerError)
    }

    @Test("the list links to the next page keeping the filters")
    func nextPage() throws {
        let staff = try staffBrowser()
        let first = try manualServer(by: staff.user)
        let (second, _) = try ServerActions.provision(
            customerID: first.customer.id, productID: first.product.id, hostname: nil, operatingSystem: nil, by: staff.user, on: connection,
            origin: .commandLine)
        defer { for server in [first.server, second] { closeTasks(of: server, by: staff.user) } }
        let page = get(staff, "/admin/servers?location=\(first.location)&limit=1")
        #expect(page.text.contains(#"href="/admin/servers/\#(second.id)""#))
        #expect(!page.text.contains(#"href="/admin/servers/\#(first.server.id)""#))
        #expect(page.text.contains("/admin/servers?location=\(first.location)&amp;limit=1&amp;cursor="))
    }

    @Test("the detail page offers exactly the actions its status allows; a refused action answers 409 and queues nothing")
    func allowedActions() throws {
        let staff = try staffBrowser()
        let made = try manualServer(by: staff.user)
        defer { closeTasks(of: made.server, by: staff.user) }
        let page = get(staff, "/admin/servers/\(made.server.id)")
        #expect(page.status == .ok)
        let status = try shownStatus(page)
        #expect([.pendingProvisioning, .provisioning].contains(status), "a runner may have started the build")
        for action in ServerDetailPage.pageActions {
            #expect(page.text.contains("/admin/servers/\(made.server.id)/actions/\(action.rawValue)\"") == action.allowedFrom.contains(status),
                    "\(action.rawValue) while \(status.rawValue)")
        }
        #expect(page.text.contains(#"href="/admin/customers/\#(made.customer.id)""#))
        #expect(page.text.contains("Reveal credentials"))

        let jobsBefore = try Jobs.recent(instanceID: made.server.id, on: connection).count
        let refused = post(staff, "/admin/servers/\(made.server.id)/actions/reboot")
        #expect(refused.status == .conflict)
        #expect(refused.text.contains("reboot is not possible now"))
        #expect(refused.text.contains(#"id="server-alert""#))
        #expect(try Jobs.recent(instanceID: made.server.id, on: connection).count == jobsBefore)
        #expect(post(staff, "/admin/servers/\(made.server.id)/actions/explode").status == .notFound)
        #expect(post(staff, "/admin/servers/\(made.server.id)/actions/change_password").status == .notFound)

        try ManualTasks.fail(taskID: try buildTask(of: made.server), reason: "no hardware left", by: staff.user, on: connection, origin: .commandLine)
        let failed = get(staff, "/admin/servers/\(made.server.id)")
        #expect(failed.text.contains("no hardware left"))
        #expect(failed.text.contains("manual_task.failed"))
        let now = try shownStatus(failed)
        #expect(failed.text.contains("Retry provisioning") == (now == .failed))
        #expect(!failed.text.contains("/actions/reboot\""))
    }

    @Test("an active server offers reboot, suspend and terminate; terminate needs the tick")
    func terminateNeedsConfirm() throws {
        let staff = try staffBrowser()
        let server = try activeServer(staff, password: "first root password")
        defer { closeTasks(of: server, by: staff.user) }
        #expect(server.status == .active)
        let page = get(staff, "/admin/servers/\(server.id)")
        for action in ["reboot", "suspend", "terminate"] { #expect(page.text.contains("/actions/\(action)\"")) }
        for action in ["unsuspend", "provision"] { #expect(!page.text.contains("/actions/\(action)\"")) }
        #expect(page.text.contains(#"name="confirm""#))
        let jobsBefore = try Jobs.recent(instanceID: server.id, on: connection).count
        let unconfirmed = post(staff, "/admin/servers/\(server.id)/actions/terminate")
        #expect(unconfirmed.status == .unprocessableContent)
        #expect(unconfirmed.text.contains("tick to confirm"))
        #expect(try Jobs.recent(instanceID: server.id, on: connection).count == jobsBefore)
        #expect(try Instances.find(id: server.id, on: connection)?.status == .active)
    }

    @Test("revealing credentials shows the password once and audits it; the page itself never shows it")
    func revealCredentials() throws {
        let staff = try staffBrowser()
        let password = "root-" + UUID().uuidString.prefix(12)
        let server = try activeServer(staff, password: password)
        defer { closeTasks(of: server, by: staff.user) }
        let page = get(staff, "/admin/servers/\(server.id)")
        #expect(page.status == .ok)
        #expect(!page.text.contains(password))
        #expect(page.text.contains("192.0.2.10"))
        let revealed = post(staff, "/admin/servers/\(server.id)/credentials")
        #expect(revealed.status == .ok)
        #expect(revealed.text.contains(password))
        #expect(!revealed.text.contains("http-equiv=\"refresh\""), "the credentials must not vanish by a refresh")
        let audit = try AuditLog.list(on: connection, page: PageRequest(limit: 20), targetType: "server", targetID: String(server.id))
        #expect(audit.items.contains { $0.action == "server.credentials_viewed" && $0.actorID == staff.user.id })
        #expect(!get(staff, "/admin/servers/\(server.id)").text.contains(password))
    }

    @Test("the task page lists the build task; a bad IP is 422, good details 303 and the server active")
    func completeBuildTask() throws {
        let staff = try staffBrowser()
        let made = try manualServer(by: staff.user)
        defer { closeTasks(of: made.server, by: staff.user) }
        let task = try buildTask(of: made.server)
        let list = get(staff, "/admin/tasks")
        #expect(list.status == .ok)
        #expect(list.text.contains(#"id="task-\#(task)""#))
        #expect(list.text.contains(made.customer.email))
        #expect(list.text.contains("/admin/tasks/\(task)/complete"))

        let bad = post(staff, "/admin/tasks/\(task)/complete", [("hostname", "built.example.com"), ("ip_address", "999.1.1.1"),
                                                                ("root_password", "a long root password"), ("operating_system", "debian-12")])
        #expect(bad.status == .unprocessableContent)
        #expect(bad.text.contains("IP address must be an IPv4 or IPv6 address"))
        #expect(bad.text.contains("built.example.com"), "the typed values stay in the form")
        #expect(!bad.text.contains("a long root password"), "a password is never echoed")
        #expect(try Instances.find(id: made.server.id, on: connection)?.status != .active)
        #expect(post(staff, "/admin/tasks/\(task)/complete", [("hostname", "built.example.com"), ("ip_address", "192.0.2.44"),
                                                             ("root_password", "a long root password"), ("ssh_port", "0")]).status == .unprocessableContent)

        let good = post(staff, "/admin/tasks/\(task)/complete", [("hostname", "built.example.com"), ("ip_address", "192.0.2.44"),
                                                                 ("root_password", "a long root password"), ("operating_system", "debian-12"),
                                                                 ("ssh_port", "2222")])
        #expect(good.status == .seeOther, "\(good.text)")
        #expect(good.header("Location") == "/admin/tasks?done=\(task)")
        let server = try #require(try Instances.find(id: made.server.id, on: connection))
        #expect(server.status == .active)
        #expect(server.ipAddress == "192.0.2.44")
        #expect(server.sshPort == 2222)
        let after = get(staff, "/admin/tasks?done=\(task)")
        #expect(after.text.contains("Task #\(task) is done."))
        #expect(!after.text.contains(#"id="task-\#(task)""#))
        #expect(post(staff, "/admin/tasks/\(task)/complete").status == .conflict, "a closed task cannot be completed again")
        #expect(post(staff, "/admin/tasks/999999999/complete").status == .notFound)
    }

    @Test("failing a task needs a reason")
    func failTask() throws {
        let staff = try staffBrowser()
        let made = try manualServer(by: staff.user)
        defer { closeTasks(of: made.server, by: staff.user) }
        let task = try buildTask(of: made.server)
        let noReason = post(staff, "/admin/tasks/\(task)/fail", [("reason", "  ")])
        #expect(noReason.status == .unprocessableContent)
        #expect(noReason.text.contains("Reason must be 1 to 500 characters"))
        let failed = post(staff, "/admin/tasks/\(task)/fail", [("reason", "rack full")])
        #expect(failed.status == .seeOther)
        #expect(try Instances.find(id: made.server.id, on: connection)?.status == .failed)
    }

    @Test("editing saves changed details; a bad IP is 422 next to the field; a stale version is 409")
    func editDetails() throws {
        let staff = try staffBrowser()
        let server = try activeServer(staff, password: "first root password")
        defer { closeTasks(of: server, by: staff.user) }
        let saved = post(staff, "/admin/servers/\(server.id)", [("version", String(server.version)), ("notes", "rack 4"),
                                                                ("hostname", server.hostname), ("root_password", "")])
        #expect(saved.status == .seeOther, "\(saved.text)")
        #expect(saved.header("Location") == "/admin/servers/\(server.id)?saved=1")
        let edited = try #require(try Instances.find(id: server.id, on: connection))
        #expect(edited.notes == "rack 4")
        #expect(edited.hasRootPassword)

        let invalid = post(staff, "/admin/servers/\(server.id)", [("version", String(edited.version)), ("ip_address", "not-an-ip")])
        #expect(invalid.status == .unprocessableContent)
        #expect(invalid.text.contains(#"id="edit-ip-address-error""#))
        #expect(invalid.text.contains("not-an-ip"))

        let stale = post(staff, "/admin/servers/\(server.id)", [("version", String(server.version)), ("notes", "rack 9")])
        #expect(stale.status == .conflict)
        #expect(stale.text.contains("Someone else changed this server"))
        #expect(stale.text.contains("rack 9"))
        #expect(try Instances.find(id: server.id, on: connection)?.notes == "rack 4")
        #expect(get(staff, "/admin/servers/\(server.id)").text.contains("server.updated"))
    }

    @Test("unknown ids are 404; customers are refused")
    func notFoundAndForbidden() throws {
        let staff = try staffBrowser()
        #expect(get(staff, "/admin/servers/999999999").status == .notFound)
        #expect(post(staff, "/admin/servers/999999999/credentials").status == .notFound)
        #expect(post(staff, "/admin/servers/999999999/actions/reboot").status == .notFound)
        let customer = try Fixtures.customer(on: connection)
        let token = try Sessions.start(on: connection, user: customer, stage: .full, origin: .commandLine)
        let response = application.respond(
            to: Request(method: "GET", target: "/admin/servers", headers: ["cookie": "vps_session=\(token)"]), connection: connection)
        #expect(response.status == .forbidden)
    }
}
