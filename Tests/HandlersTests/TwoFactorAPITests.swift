@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

/// Two-factor sign-in managed by its owner over JSON (and the account page's buttons that do
/// the same): set-up and confirmation, new recovery codes, turning it off.
@Suite("Two-factor sign-in over JSON and on the account page", .serialized)
struct TwoFactorAPITests {
    let application: PortalApplication
    let connection: PostgresConnection
    let twoFactor: TwoFactor

    init() throws {
        application = .portal(services: try TestServices.make())
        connection = try TestEnvironment.connect()
        twoFactor = TwoFactor(box: try Fixtures.box())
    }

    private func recoveryCodeWorks(_ user: User, _ code: String) throws -> Bool {
        try twoFactor.check(userID: user.id, code: code, allowRecovery: true, on: connection) == .acceptedRecoveryCode
    }

    @Test("set-up: the secret as text, URI and QR code, the same until confirmed; a wrong code is 422 on code; the right one gives ten recovery codes")
    func setUp() throws {
        let api = try InProcessAPI(application, on: connection, as: try Fixtures.customer(on: connection))
        let started = api.send("POST", "/api/v1/account/2fa")
        #expect(started.status == .ok, "\(started.text)")
        let setUp = try started.object()
        let secret = try #require(setUp["secret"] as? String)
        #expect((setUp["otpauth_uri"] as? String)?.hasPrefix("otpauth://totp/") == true)
        #expect((setUp["otpauth_uri"] as? String)?.contains("secret=\(secret)") == true)
        #expect((setUp["qr_svg"] as? String)?.hasPrefix("<svg") == true)
        #expect(try api.send("POST", "/api/v1/account/2fa").object()["secret"] as? String == secret)

        #expect(try api.send("POST", "/api/v1/account/2fa/confirm", object: ["code": "000000"]).problemFields(422) == ["code"])
        #expect(try api.send("POST", "/api/v1/account/2fa/confirm", json: "{}").problemFields(422) == ["code"])
        #expect(try Users.find(id: api.user.id, on: connection)?.twoFactorEnabled == false)

        let totp = TOTP(secret: try #require(Base32.decode(secret)))
        Fixtures.awayFromStepEnd()
        let confirmed = try api.send("POST", "/api/v1/account/2fa/confirm", object: ["code": try Fixtures.code(totp)])
        #expect(confirmed.status == .ok, "\(confirmed.text)")
        let codes = try #require(try confirmed.object()["recovery_codes"] as? [String])
        #expect(codes.count == 10)
        #expect(try Users.find(id: api.user.id, on: connection)?.twoFactorEnabled == true)
        #expect(try api.send("GET", "/api/v1/account").object()["recovery_codes_left"] as? Int == 10)
        #expect(try api.send("POST", "/api/v1/account/2fa").problemFields(409).isEmpty)
        #expect(try api.send("POST", "/api/v1/account/2fa/confirm", object: ["code": try Fixtures.code(totp, steps: 1)]).problemFields(409).isEmpty)
    }

    @Test("new recovery codes need a current TOTP code: none 401, wrong or a recovery code 403; then only the new codes work")
    func regenerate() throws {
        let (user, totp, old) = try Fixtures.enrolledCustomer(on: connection)
        let api = try InProcessAPI(application, on: connection, as: user)
        let path = "/api/v1/account/2fa/recovery-codes"
        #expect(try api.send("POST", path).problemFields(401) == ["X-2FA-Code"])
        #expect(try api.send("POST", path, headers: ["x-2fa-code": "000000"]).problemFields(403) == ["X-2FA-Code"])
        #expect(try api.send("POST", path, headers: ["x-2fa-code": old[0]]).problemFields(403) == ["X-2FA-Code"])
        #expect(try twoFactor.remainingRecoveryCodes(userID: user.id, on: connection) == 10, "a refused request spends nothing")

        let replaced = api.send("POST", path, headers: ["x-2fa-code": try Fixtures.code(totp)])
        #expect(replaced.status == .ok, "\(replaced.text)")
        let codes = try #require(try replaced.object()["recovery_codes"] as? [String])
        #expect(codes.count == 10 && Set(codes).isDisjoint(with: old))
        #expect(try !recoveryCodeWorks(user, old[1]), "the old codes no longer work")
        #expect(try recoveryCodeWorks(user, codes[0]))
        let audit = try AuditLog.list(on: connection, page: PageRequest(limit: 5), targetType: "user", targetID: String(user.id)).items
        #expect(audit.contains { $0.action == "two_factor.recovery_codes_replaced" })
    }

    @Test("turning it off: customers with a TOTP or a recovery code; staff never (403); without a code 401; refusals change nothing")
    func disable() throws {
        let staff = try InProcessAPI(application, on: connection, as: try Fixtures.enrolledStaff(on: connection, role: .staff).user)
        #expect(try staff.send("DELETE", "/api/v1/account/2fa", headers: ["x-2fa-code": "123456"]).problemFields(403).isEmpty)
        #expect(try Users.find(id: staff.user.id, on: connection)?.twoFactorEnabled == true)

        let (user, totp, codes) = try Fixtures.enrolledCustomer(on: connection)
        let api = try InProcessAPI(application, on: connection, as: user)
        #expect(try api.send("DELETE", "/api/v1/account/2fa").problemFields(401) == ["X-2FA-Code"])
        #expect(try api.send("DELETE", "/api/v1/account/2fa", headers: ["x-2fa-code": "zzzzz-zzzzz"]).problemFields(403) == ["X-2FA-Code"])
        #expect(try Users.find(id: user.id, on: connection)?.twoFactorEnabled == true)

        let off = api.send("DELETE", "/api/v1/account/2fa", headers: ["x-2fa-code": codes[2]])
        #expect(off.status == .noContent, "\(off.text)")
        #expect(try Users.find(id: user.id, on: connection)?.twoFactorEnabled == false)
        #expect(try twoFactor.remainingRecoveryCodes(userID: user.id, on: connection) == 0)
        #expect(try twoFactor.state(of: try #require(try Users.find(id: user.id, on: connection)), on: connection) == .notSetUp)
        // Off again, or new codes without two-factor sign-in: nothing to do.
        #expect(try api.send("DELETE", "/api/v1/account/2fa", headers: ["x-2fa-code": try Fixtures.code(totp)]).problemFields(409).isEmpty)
        #expect(try api.send("POST", "/api/v1/account/2fa/recovery-codes", headers: ["x-2fa-code": try Fixtures.code(totp)])
            .problemFields(409).isEmpty)
        let authenticator = try TestServices.authenticator()
        #expect(try authenticator.verifyPassword(email: user.email, password: Fixtures.password, on: connection, origin: Fixtures.origin())
            .twoFactorEnabled == false, "signing in needs the password only")
    }

    @Test("step-up throttling applies: five wrong codes, then the right one answers 429 with Retry-After and replaces nothing")
    func throttled() throws {
        let (user, totp, old) = try Fixtures.enrolledCustomer(on: connection)
        let api = try InProcessAPI(application, on: connection, as: user)
        for _ in 0..<5 { _ = try api.send("POST", "/api/v1/account/2fa/recovery-codes", headers: ["x-2fa-code": "000000"]).problemFields(403) }
        let refused = api.send("POST", "/api/v1/account/2fa/recovery-codes", headers: ["x-2fa-code": try Fixtures.code(totp)])
        #expect(refused.status == .tooManyRequests)
        #expect(Int(refused.header("Retry-After") ?? "") ?? 0 > 0)
        #expect(try recoveryCodeWorks(user, old[0]), "the old codes still work")
        #expect(api.send("DELETE", "/api/v1/account/2fa", headers: ["x-2fa-code": old[1]]).status == .tooManyRequests)
        #expect(try Users.find(id: user.id, on: connection)?.twoFactorEnabled == true)
    }

    @Test("the account page: new recovery codes are shown once; turning off needs a code; staff see no off button")
    func accountPage() throws {
        let (user, totp, _) = try Fixtures.enrolledCustomer(on: connection)
        let browser = try InProcessBrowser.signedIn(application, on: connection, as: user, totp: totp)
        let page = browser.get("/my/account")
        #expect(page.text.contains(#"action="/account/2fa/recovery-codes""#))
        #expect(page.text.contains(#"action="/account/2fa/disable""#))

        let missing = browser.post("/account/2fa/recovery-codes", [("code", "")])
        #expect(missing.status == .unauthorized)
        #expect(missing.text.contains("needs a current code"))
        let shown = browser.post("/account/2fa/recovery-codes", [("code", try Fixtures.code(totp))])
        #expect(shown.status == .ok)
        #expect(shown.text.contains(#"id="recovery-codes""#))
        #expect(shown.text.contains("no longer work"))

        let wrong = browser.post("/account/2fa/disable", [("code", "000000")])
        #expect(wrong.status == .forbidden)
        #expect(wrong.text.contains("That code is not right"))
        let off = browser.post("/account/2fa/disable", [("code", try Fixtures.code(totp, steps: 1))])
        #expect(off.status == .seeOther)
        #expect(off.header("Location") == "/my/account?saved=two-factor-off")
        #expect(try Users.find(id: user.id, on: connection)?.twoFactorEnabled == false)

        let staff = try InProcessBrowser.staff(application, on: connection, role: .staff)
        let staffPage = staff.get("/account")
        #expect(staffPage.text.contains(#"action="/account/2fa/recovery-codes""#))
        #expect(!staffPage.text.contains(#"action="/account/2fa/disable""#))
        #expect(staff.post("/account/2fa/disable", [("code", try Fixtures.code(staff.totp))]).status == .forbidden)
    }
}
