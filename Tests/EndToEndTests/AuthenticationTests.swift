@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Accounts and security through nginx", .serialized)
struct AuthenticationTests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    private func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }

    private func staffToken() async throws -> String {
        let (admin, totp) = try Fixtures.enrolledStaff(on: connection)
        let reply = try await client.sendJSON(
            "POST", "/api/v1/auth/login", ["email": admin.email, "password": Fixtures.password, "totp": try Fixtures.code(totp)])
        #expect(reply.status == 200, "\(reply.text)")
        return try #require(try reply.json()["token"] as? String)
    }

    @Test("login → token → a staff endpoint works; customer 403; no token 401; revoked 401")
    func tokenLifecycle() async throws {
        let token = try await staffToken()
        let audit = try await client.send("GET", "/api/v1/audit?limit=5", headers: bearer(token))
        #expect(audit.status == 200)
        let body = try audit.json()
        #expect(body["items"] is [Any])
        #expect(body.keys.contains("next_cursor"))

        let customer = try Fixtures.customer(on: connection)
        let login = try await client.sendJSON("POST", "/api/v1/auth/login", ["email": customer.email, "password": Fixtures.password])
        #expect(login.status == 200)
        let customerToken = try #require(try login.json()["token"] as? String)
        #expect(try await client.send("GET", "/api/v1/audit", headers: bearer(customerToken)).status == 403)
        #expect(try await client.send("GET", "/api/v1/me", headers: bearer(customerToken)).status == 200)

        let anonymous = try await client.send("GET", "/api/v1/audit")
        #expect(anonymous.status == 401)
        #expect(anonymous.header("Content-Type") == "application/problem+json")

        let me = try await client.send("GET", "/api/v1/me", headers: bearer(token))
        let id = try #require(try me.json()["id"] as? Int)
        let tokens = try await client.send("GET", "/api/v1/tokens", headers: bearer(token))
        let tokenID = try #require(((try tokens.json()["items"] as? [[String: Any]])?.first?["id"]) as? Int)
        #expect(id > 0)
        #expect(try await client.send("DELETE", "/api/v1/tokens/\(tokenID)", headers: bearer(token)).status == 204)
        #expect(try await client.send("GET", "/api/v1/audit", headers: bearer(token)).status == 401)
        #expect(try await client.send("GET", "/api/v1/me", headers: bearer("vps_not-a-token")).status == 401)
    }

    @Test("a read-scope token cannot change anything")
    func readScope() async throws {
        let customer = try Fixtures.customer(on: connection)
        let issued = try APITokens.issue(on: connection, user: customer, name: "ro", scope: .read, actor: Actor(customer), origin: .commandLine)
        #expect(try await client.send("GET", "/api/v1/tokens", headers: bearer(issued.token)).status == 200)
        let create = try await client.sendJSON("POST", "/api/v1/tokens", ["name": "x"], headers: bearer(issued.token))
        #expect(create.status == 403)
    }

    @Test("a replayed TOTP code is refused and shows in the session log")
    func totpReplay() async throws {
        let (admin, totp) = try Fixtures.enrolledStaff(on: connection)
        let code = try Fixtures.code(totp)
        let first = try await client.sendJSON("POST", "/api/v1/auth/login", ["email": admin.email, "password": Fixtures.password, "totp": code])
        #expect(first.status == 200)
        let token = try #require(try first.json()["token"] as? String)
        let replay = try await client.sendJSON("POST", "/api/v1/auth/login", ["email": admin.email, "password": Fixtures.password, "totp": code])
        #expect(replay.status == 401)
        #expect(replay.text.contains("already used"))
        let missing = try await client.sendJSON("POST", "/api/v1/auth/login", ["email": admin.email, "password": Fixtures.password])
        #expect(missing.status == 401)
        #expect(try (missing.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "totp")
        let log = try await client.send("GET", "/api/v1/sessions/logs?event=second_factor_replayed&user_id=\(admin.id)", headers: bearer(token))
        #expect(log.status == 200)
        #expect((try log.json()["items"] as? [Any])?.count == 1)
    }

    @Test("a cookie-session POST without the CSRF token is refused and logged; with it, accepted")
    func csrf() async throws {
        let customer = try Fixtures.customer(on: connection)
        let token = try Sessions.start(on: connection, user: customer, stage: .full, origin: .commandLine)
        let session = try #require(try Sessions.find(token: token, on: connection))
        let cookie = ["Cookie": "vps_session=\(token)", "Content-Type": "application/x-www-form-urlencoded"]
        let refused = try await client.send("POST", "/account/tokens", headers: cookie, body: Data("name=nocsrf&scope=read".utf8))
        #expect(refused.status == 403)
        var foreign = cookie
        foreign["Origin"] = "https://evil.example"
        let crossSite = try await client.send(
            "POST", "/account/tokens", headers: foreign, body: Data("name=x&scope=read&csrf_token=\(session.csrfToken)".utf8))
        #expect(crossSite.status == 403)
        let apiWithCookie = try await client.sendJSON("POST", "/api/v1/tokens", ["name": "x"], headers: ["Cookie": "vps_session=\(token)"])
        #expect(apiWithCookie.status == 403)
        #expect(try APITokens.list(userID: customer.id, on: connection).isEmpty)
        let accepted = try await client.send(
            "POST", "/account/tokens", headers: cookie, body: Data("name=withcsrf&scope=read&csrf_token=\(session.csrfToken)".utf8))
        #expect(accepted.status == 201)
        #expect(accepted.text.contains("vps_"))
        let log = try SessionLog.list(on: connection, page: PageRequest(limit: 10), userID: customer.id, event: .csrfRefused)
        #expect(log.items.count == 3)
    }

    @Test("the 11th rapid failed login answers 429 with Retry-After, and the log shows it")
    func throttle() async throws {
        let customer = try Fixtures.customer(on: connection)
        for _ in 0..<10 {
            let reply = try await client.sendJSON("POST", "/api/v1/auth/login", ["email": customer.email, "password": "wrong password!"])
            #expect(reply.status == 401)
        }
        let eleventh = try await client.sendJSON("POST", "/api/v1/auth/login", ["email": customer.email, "password": Fixtures.password])
        #expect(eleventh.status == 429)
        #expect(Int(eleventh.header("Retry-After") ?? "") ?? 0 > 0)
        let log = try SessionLog.list(on: connection, page: PageRequest(limit: 20), event: .loginThrottled)
        #expect(log.items.contains { $0.email == customer.email })
    }

    @Test("registration refuses a common password and one containing the email's name, naming the field; nothing is created")
    func commonPasswords() async throws {
        let email = Fixtures.uniqueEmail("weak")
        let name = String(email.split(separator: "@")[0])
        for (password, reason) in [("password1234", "most common passwords"), ("my-\(name)-pass", "email's name")] {
            let reply = try await client.sendJSON("POST", "/api/v1/auth/register", ["email": email, "password": password, "name": "Weak"])
            #expect(reply.status == 422, "\(password): \(reply.text)")
            let issue = try #require((try reply.json()["errors"] as? [[String: Any]])?.first)
            #expect(issue["field"] as? String == "password")
            #expect((issue["message"] as? String)?.contains(reason) == true, "\(reply.text)")
        }
        #expect(try Users.find(email: email, on: connection) == nil)
    }

    @Test("registration: 202 and an unconfirmed customer, a taken address the very same answer, then each bad input a 4xx naming the field")
    func register() async throws {
        let email = Fixtures.uniqueEmail("reg")
        let created = try await client.sendJSON("POST", "/api/v1/auth/register", ["email": email, "password": Fixtures.password, "name": "Reg"])
        #expect(created.status == 202)
        let user = try #require(try Users.find(email: email, on: connection))
        #expect(user.role == .customer && !user.emailVerified)
        func field(_ reply: HTTPClient.Reply) throws -> String? {
            (try reply.json()["errors"] as? [[String: Any]])?.first?["field"] as? String
        }
        let duplicate = try await client.sendJSON("POST", "/api/v1/auth/register", ["email": email.uppercased(), "password": Fixtures.password])
        #expect(duplicate.status == created.status)
        #expect(duplicate.body == created.body)
        let short = try await client.sendJSON("POST", "/api/v1/auth/register", ["email": Fixtures.uniqueEmail(), "password": "short"])
        #expect(try field(short) == "password")
        let wrongType = try await client.sendJSON("POST", "/api/v1/auth/register", ["email": 42, "password": Fixtures.password])
        #expect(wrongType.status == 422)
        #expect(try field(wrongType) == "email")
        let notJSON = try await client.send("POST", "/api/v1/auth/register", headers: ["Content-Type": "application/json"], body: Data("{".utf8))
        #expect(notJSON.status == 400)
        let form = try await client.send(
            "POST", "/api/v1/auth/register", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data("email=a".utf8))
        #expect(form.status == 415)
    }

    @Test("the registration page answers a taken address exactly as a new one: same status, same bytes, no session")
    func registerPageIdentical() async throws {
        let pair = try SecureRandom.token()
        func submit(_ email: String) async throws -> HTTPClient.Reply {
            let body = "csrf_token=\(pair)&name=Twin&password=\(Fixtures.password.replacingOccurrences(of: " ", with: "+"))&email="
                + (email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? email)
            return try await client.send("POST", "/register", headers: ["Cookie": "vps_csrf=\(pair)", "Content-Type": "application/x-www-form-urlencoded"],
                                         body: Data(body.utf8))
        }
        let taken = try Fixtures.customer(on: connection)
        let fresh = try await submit(Fixtures.uniqueEmail("twin"))
        let again = try await submit(taken.email)
        #expect(fresh.status == 202, "\(fresh.text)")
        #expect(again.status == fresh.status)
        #expect(again.body == fresh.body)
        #expect(fresh.header("Set-Cookie")?.contains("vps_session") != true && again.header("Set-Cookie")?.contains("vps_session") != true)
        #expect(fresh.text.contains(Registration.acceptedMessage))
    }

    @Test("areas refuse the other role; staff without 2FA may only enrol")
    func areas() async throws {
        let customer = try Fixtures.customer(on: connection)
        let customerCookie = ["Cookie": "vps_session=\(try Sessions.start(on: connection, user: customer, stage: .full, origin: .commandLine))"]
        #expect(try await client.send("GET", "/admin", headers: customerCookie).status == 403)
        #expect(try await client.send("GET", "/my", headers: customerCookie).status == 200)
        let (admin, _) = try Fixtures.enrolledStaff(on: connection)
        let adminCookie = ["Cookie": "vps_session=\(try Sessions.start(on: connection, user: admin, stage: .full, origin: .commandLine))"]
        #expect(try await client.send("GET", "/my", headers: adminCookie).status == 403)
        #expect(try await client.send("GET", "/admin/audit", headers: adminCookie).status == 200)
        let anonymous = try await client.send("GET", "/admin/staff")
        #expect(anonymous.status == 303)
        #expect(anonymous.header("Location") == "/login?next=/admin/staff")

        let fresh = try Users.create(on: connection, email: Fixtures.uniqueEmail("staff"), name: "", password: Fixtures.password,
                                     role: .staff, actor: .commandLine, origin: .commandLine)
        let freshCookie = ["Cookie": "vps_session=\(try Sessions.start(on: connection, user: fresh, stage: .full, origin: .commandLine))"]
        let redirected = try await client.send("GET", "/admin", headers: freshCookie)
        #expect(redirected.status == 303)
        #expect(redirected.header("Location") == "/account/2fa")
        let enrol = try await client.send("GET", "/account/2fa", headers: freshCookie)
        #expect(enrol.status == 200)
        #expect(enrol.text.contains("<svg"))
        // Over JSON the pending set-up (the page just made its secret) asks for a first code.
        let apiLogin = try await client.sendJSON("POST", "/api/v1/auth/login", ["email": fresh.email, "password": Fixtures.password])
        #expect(apiLogin.status == 401)
        #expect(try (apiLogin.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "totp")
    }

    @Test("a half-signed-in session can only finish signing in")
    func secondFactorStage() async throws {
        let (admin, _) = try Fixtures.enrolledStaff(on: connection)
        let cookie = ["Cookie": "vps_session=\(try Sessions.start(on: connection, user: admin, stage: .secondFactor, origin: .commandLine))"]
        let admin2 = try await client.send("GET", "/admin", headers: cookie)
        #expect(admin2.status == 303)
        #expect(admin2.header("Location") == "/login/2fa")
        #expect(try await client.send("GET", "/login/2fa", headers: cookie).status == 200)
        #expect(try await client.send("GET", "/api/v1/me", headers: cookie).status == 401)
    }
}
