@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport

/// A signed-in browser talking to the application in-process: a session cookie, its CSRF
/// token and (for staff) the TOTP generator for step-up codes.
struct InProcessBrowser {
    let application: PortalApplication
    let connection: PostgresConnection
    let cookie: String
    let csrf: String
    let user: User
    let totp: TOTP

    /// An enrolled staff member with a full session.
    static func staff(_ application: PortalApplication, on connection: PostgresConnection, role: Role = .admin) throws -> InProcessBrowser {
        let (user, totp) = try Fixtures.enrolledStaff(on: connection, role: role)
        let token = try Sessions.start(on: connection, user: user, stage: .full, origin: .commandLine)
        guard let session = try Sessions.find(token: token, on: connection) else { throw DomainError.notFound("session") }
        return InProcessBrowser(application: application, connection: connection, cookie: "vps_session=\(token)", csrf: session.csrfToken,
                                user: user, totp: totp)
    }

    /// `user` (enrolled with `totp`) with a full session.
    static func signedIn(_ application: PortalApplication, on connection: PostgresConnection, as user: User, totp: TOTP) throws -> InProcessBrowser {
        let token = try Sessions.start(on: connection, user: user, stage: .full, origin: .commandLine)
        guard let session = try Sessions.find(token: token, on: connection) else { throw DomainError.notFound("session") }
        return InProcessBrowser(application: application, connection: connection, cookie: "vps_session=\(token)", csrf: session.csrfToken,
                                user: user, totp: totp)
    }

    func get(_ path: String) -> Response {
        application.respond(to: Request(method: "GET", target: path, headers: ["cookie": cookie]), connection: connection)
    }

    /// Posts a urlencoded form with the session's CSRF token.
    func post(_ path: String, _ fields: [(String, String)] = []) -> Response {
        let body = (fields + [("csrf_token", csrf)])
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        let request = Request(method: "POST", target: path, headers: ["cookie": cookie, "content-type": "application/x-www-form-urlencoded"],
                              body: Array(body.utf8))
        return application.respond(to: request, connection: connection)
    }
}
