@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

/// The account's JSON twins — profile, password, sessions — request in, response out: good
/// input, bad input (a problem naming the field, nothing changed), only the caller's own things.
@Suite("Account over JSON: profile, password, sessions")
struct AccountAPITests {
    let application: PortalApplication
    let connection: PostgresConnection

    init() throws {
        application = .portal(services: try TestServices.make())
        connection = try TestEnvironment.connect()
    }

    private func customerAPI() throws -> InProcessAPI {
        try InProcessAPI(application, on: connection, as: try Fixtures.customer(on: connection))
    }

    @Test("GET /api/v1/account shows the caller's profile, as the account page does; staff have no company or phone")
    func show() throws {
        let api = try customerAPI()
        _ = try Profiles.update(name: "Ada", company: "Analytical Engines", phone: "+44 20 7946 0000",
                                by: Caller(user: api.user, origin: .commandLine, connection: connection))
        let account = try api.send("GET", "/api/v1/account").object()
        #expect(account["id"] as? Int == api.user.id)
        #expect(account["email"] as? String == api.user.email)
        #expect(account["name"] as? String == "Ada")
        #expect(account["company"] as? String == "Analytical Engines")
        #expect(account["phone"] as? String == "+44 20 7946 0000")
        #expect(account["two_factor_enabled"] as? Bool == false)
        #expect(account["recovery_codes_left"] as? Int == 0)

        let staff = try InProcessAPI(application, on: connection, as: try Fixtures.enrolledStaff(on: connection, role: .staff).user)
        let staffAccount = try staff.send("GET", "/api/v1/account").object()
        #expect(staffAccount["role"] as? String == "staff")
        #expect(staffAccount["company"] is NSNull)
        #expect(staffAccount["recovery_codes_left"] as? Int == 10)
    }

    @Test("PATCH /api/v1/account changes the given fields only and audits it; bad fields are 422 naming them, nothing saved")
    func update() throws {
        let api = try customerAPI()
        let saved = try api.send("PATCH", "/api/v1/account", object: ["name": "Grace", "company": "Navy"])
        #expect(saved.status == .ok, "\(saved.text)")
        let body = try saved.object()
        #expect(body["name"] as? String == "Grace")
        #expect(body["company"] as? String == "Navy")
        #expect(body["phone"] as? String == "")
        let phone = try api.send("PATCH", "/api/v1/account", object: ["phone": "+1 555 0100"]).object()
        #expect(phone["name"] as? String == "Grace")
        #expect(phone["phone"] as? String == "+1 555 0100")
        let audit = try AuditLog.list(on: connection, page: PageRequest(limit: 5), targetType: "user", targetID: String(api.user.id)).items
        #expect(audit.filter { $0.action == "user.profile_updated" }.count == 2)

        for (json, field) in [(#"{"phone": "\#(String(repeating: "9", count: 51))"}"#, "phone"),
                              (#"{"company": "bad\u0007bell", "name": "Kept?"}"#, "company"),
                              (#"{"name": {"first": "Grace"}}"#, "name"),
                              (#"{"name": "line\nbreak inside"}"#, "name")] {
            #expect(try api.send("PATCH", "/api/v1/account", json: json).problemFields(422) == [field], "\(json)")
        }
        let after = try api.send("GET", "/api/v1/account").object()
        #expect(after["name"] as? String == "Grace")
        #expect(after["company"] as? String == "Navy")
        #expect(after["phone"] as? String == "+1 555 0100")
        #expect(api.send("PATCH", "/api/v1/account", json: "[1]").status == .badRequest)
    }

    @Test("POST /api/v1/account/password needs the current password; a weak new one names new_password; then other sessions end")
    func changePassword() throws {
        let api = try customerAPI()
        let session = try Sessions.start(on: connection, user: api.user, stage: .full, origin: .commandLine)
        let authenticator = try TestServices.authenticator()
        let newPassword = "a brand new passphrase 7"

        #expect(try api.send("POST", "/api/v1/account/password", object: ["current_password": "not my password", "new_password": newPassword])
            .problemFields(422) == ["current_password"])
        #expect(try api.send("POST", "/api/v1/account/password", object: ["current_password": Fixtures.password, "new_password": "short"])
            .problemFields(422) == ["new_password"])
        #expect(try api.send("POST", "/api/v1/account/password", object: ["new_password": newPassword]).problemFields(422) == ["current_password"])
        #expect(try Sessions.find(token: session, on: connection) != nil, "a refused change ends nothing")
        #expect(try authenticator.verifyPassword(email: api.user.email, password: Fixtures.password, on: connection, origin: Fixtures.origin()).id == api.user.id)

        let changed = api.send("POST", "/api/v1/account/password",
                               json: #"{"current_password": "\#(Fixtures.password)", "new_password": "\#(newPassword)"}"#)
        #expect(changed.status == .noContent, "\(changed.text)")
        #expect(try Sessions.find(token: session, on: connection) == nil, "the browser session ended")
        #expect(try authenticator.verifyPassword(email: api.user.email, password: newPassword, on: connection, origin: Fixtures.origin()).id == api.user.id)
        #expect(api.send("GET", "/api/v1/me").status == .ok, "the token that changed it still works")
    }

    @Test("GET /api/v1/account/sessions lists the caller's own sessions; end-others ends them and nobody else's")
    func sessions() throws {
        let api = try customerAPI()
        let other = try Fixtures.customer(on: connection)
        let mine = try Sessions.start(on: connection, user: api.user, stage: .full, origin: RequestOrigin(address: "198.51.100.7", userAgent: "Firefox", requestID: "t"))
        let theirs = try Sessions.start(on: connection, user: other, stage: .full, origin: .commandLine)
        let mineID = try #require(try Sessions.find(token: mine, on: connection)).id
        let theirID = try #require(try Sessions.find(token: theirs, on: connection)).id

        let listed = try api.send("GET", "/api/v1/account/sessions").items()
        #expect(listed.map { $0["id"] as? Int } == [mineID])
        #expect(listed.first?["remote_address"] as? String == "198.51.100.7")
        #expect(listed.first?["user_agent"] as? String == "Firefox")
        #expect(listed.first?["current"] as? Bool == false, "a token caller has no current browser session")

        let ended = api.send("POST", "/api/v1/account/sessions/end-others")
        #expect(ended.status == .ok)
        #expect(try ended.object()["ended"] as? Int == 1)
        #expect(try Sessions.find(token: mine, on: connection) == nil)
        #expect(try Sessions.find(token: theirs, on: connection)?.id == theirID, "another user's session is untouched")
        #expect(try api.send("GET", "/api/v1/account/sessions").items().isEmpty)
    }

    @Test("with a browser session, the current one is marked and kept by end-others")
    func currentSessionKept() throws {
        let user = try Fixtures.customer(on: connection)
        let current = try Sessions.start(on: connection, user: user, stage: .full, origin: .commandLine)
        let other = try Sessions.start(on: connection, user: user, stage: .full, origin: .commandLine)
        let session = try #require(try Sessions.find(token: current, on: connection))
        func send(_ method: String, _ path: String) -> Response {
            var headers = HTTPHeaders()
            headers["cookie"] = "vps_session=\(current)"
            headers["x-csrf-token"] = session.csrfToken
            return application.respond(to: Request(method: method, target: path, headers: headers), connection: connection)
        }
        let listed = try send("GET", "/api/v1/account/sessions").items()
        #expect(listed.filter { $0["current"] as? Bool == true }.map { $0["id"] as? Int } == [session.id])
        #expect(try send("POST", "/api/v1/account/sessions/end-others").object()["ended"] as? Int == 1)
        #expect(try Sessions.find(token: current, on: connection) != nil)
        #expect(try Sessions.find(token: other, on: connection) == nil)
    }
}
