@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

/// What `vpsctl admin create` promises: the printed TOTP secret is confirmed by the first
/// `POST /api/v1/auth/login` with a code, and the staff member works over JSON without ever
/// opening a browser. Runs the real release binary against the test stack, then talks HTTP
/// through nginx.
@Suite("A staff member from vpsctl admin create signs in over JSON only", .serialized)
struct StaffAPILoginTests {
    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    /// Runs `.build/release/vpsctl` with the test stack's settings (`VPS_VAR`); returns stdout.
    private func vpsctl(_ arguments: [String], stdin: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.repositoryRoot + "/.build/release/vpsctl")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["VPS_VAR"] = try TestEnvironment.value("VPS_TEST_VAR")
        process.environment = environment
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaints = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "vpsctl \(arguments.joined(separator: " ")): \(String(decoding: complaints, as: UTF8.self))")
        return String(decoding: printed, as: UTF8.self)
    }

    private func login(_ email: String, totp: String? = nil) async throws -> HTTPClient.Reply {
        var body = ["email": email, "password": Fixtures.password]
        body["totp"] = totp
        return try await client.sendJSON("POST", "/api/v1/auth/login", body)
    }

    private func totpIssue(_ reply: HTTPClient.Reply) throws -> String? {
        ((try reply.json()["errors"] as? [[String: Any]])?.first?["field"]) as? String
    }

    private func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }

    @Test("first code → token and recovery codes → staff endpoints work; later a TOTP code and a recovery code sign in, each once")
    func firstSignInConfirms() async throws {
        let email = Fixtures.uniqueEmail("api-staff")
        let printed = try vpsctl(["admin", "create", "--email", email, "--name", "API Only", "--role", "staff"], stdin: Fixtures.password + "\n")
        let line = try #require(printed.split(separator: "\n").first { $0.hasPrefix("TOTP secret: ") }, "\(printed)")
        let secret = String(line.dropFirst("TOTP secret: ".count))
        let totp = TOTP(secret: try #require(Base32.decode(secret)))

        // No code: a clear 401 about `totp` that points at the printed secret; a wrong one: 401, nothing enrolled.
        let missing = try await login(email)
        #expect(missing.status == 401, "\(missing.text)")
        #expect(try totpIssue(missing) == "totp")
        #expect(missing.text.contains("vpsctl admin create"))
        let wrong = try await login(email, totp: "000000")
        #expect(wrong.status == 401, "\(wrong.text)")
        #expect(try totpIssue(wrong) == "totp")
        #expect(try Users.find(email: email, on: connection)?.twoFactorEnabled == false)

        // The first right code confirms the set-up: a token and the recovery codes, shown this once.
        Fixtures.awayFromStepEnd()
        let first = try await login(email, totp: try Fixtures.code(totp, steps: -1))
        #expect(first.status == 200, "\(first.text)")
        let body = try first.json()
        let token = try #require(body["token"] as? String)
        let codes = try #require(body["recovery_codes"] as? [String])
        #expect(codes.count == 10)
        #expect((body["user"] as? [String: Any])?["two_factor_enabled"] as? Bool == true)

        // The token works on staff endpoints at once — no browser anywhere.
        let staff = try await client.send("GET", "/api/v1/staff", headers: bearer(token))
        #expect(staff.status == 200, "\(staff.text)")
        #expect(((try staff.json()["items"] as? [[String: Any]]) ?? []).contains { $0["email"] as? String == email })
        #expect(try await client.send("GET", "/api/v1/dashboard", headers: bearer(token)).status == 200)
        #expect(try await client.send("GET", "/api/v1/audit?limit=1", headers: bearer(token)).status == 200)
        let account = try await client.send("GET", "/api/v1/account", headers: bearer(token))
        #expect(try account.json()["recovery_codes_left"] as? Int == 10)

        // Later sign-ins: a code is due now, each code once, and the answer carries no recovery codes.
        let noCode = try await login(email)
        #expect(noCode.status == 401)
        #expect(try totpIssue(noCode) == "totp")
        let current = try Fixtures.code(totp)
        let later = try await login(email, totp: current)
        #expect(later.status == 200, "\(later.text)")
        #expect(try later.json()["recovery_codes"] == nil)
        #expect(try await login(email, totp: current).status == 401, "a code is accepted once")

        // A recovery code signs in once.
        let recovered = try await login(email, totp: codes[4])
        #expect(recovered.status == 200, "\(recovered.text)")
        let recoveredToken = try #require(try recovered.json()["token"] as? String)
        #expect(try await client.send("GET", "/api/v1/tasks", headers: bearer(recoveredToken)).status == 200)
        let again = try await login(email, totp: codes[4])
        #expect(again.status == 401)
        #expect(try totpIssue(again) == "totp")
        let user = try #require(try Users.find(email: email, on: connection))
        let log = try SessionLog.list(on: connection, page: PageRequest(limit: 10), userID: user.id, event: .recoveryCodeUsed)
        #expect(log.items.count == 1)
    }

    @Test("before enrolling, a staff token is refused on the staff API with the way out; after an admin's reset, login says how to set it up again")
    func unenrolledStaff() async throws {
        let email = Fixtures.uniqueEmail("api-staff")
        _ = try vpsctl(["admin", "create", "--email", email, "--role", "staff"], stdin: Fixtures.password + "\n")
        let cliToken = try vpsctl(["token", "create", "--email", email, "--scope", "write"], stdin: "").trimmingCharacters(in: .whitespacesAndNewlines)
        let refused = try await client.send("GET", "/api/v1/staff", headers: bearer(cliToken))
        #expect(refused.status == 403)
        #expect(refused.text.contains("POST /api/v1/auth/login"))
        // The same token may set two-factor sign-in up over JSON (the pending secret is the printed one).
        let setUp = try await client.sendJSON("POST", "/api/v1/account/2fa", [String: String](), headers: bearer(cliToken))
        #expect(setUp.status == 200, "\(setUp.text)")
        let secret = try #require(try setUp.json()["secret"] as? String)
        let totp = TOTP(secret: try #require(Base32.decode(secret)))
        Fixtures.awayFromStepEnd()
        let confirmed = try await client.sendJSON("POST", "/api/v1/account/2fa/confirm", ["code": try Fixtures.code(totp, steps: -1)],
                                                  headers: bearer(cliToken))
        #expect(confirmed.status == 200, "\(confirmed.text)")
        #expect(try await client.send("GET", "/api/v1/staff", headers: bearer(cliToken)).status == 200)

        // An admin resets it: there is no secret now, and login says where to start again.
        let member = try #require(try Users.find(email: email, on: connection))
        let (admin, _) = try Fixtures.enrolledStaff(on: connection)
        try TwoFactor(box: try Fixtures.box()).reset(target: member, by: admin, on: connection, origin: .commandLine)
        let afterReset = try await login(email, totp: try Fixtures.code(totp))
        #expect(afterReset.status == 403, "\(afterReset.text)")
        #expect(afterReset.text.contains("/account/2fa"))
    }
}
