@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing

/// A JSON client talking to the application in-process with a bearer token, from an address of
/// its own (so sign-in throttles of one test never touch another).
struct InProcessAPI {
    let application: PortalApplication
    let connection: PostgresConnection
    let user: User
    let token: String
    let address = "api-" + UUID().uuidString.prefix(8).lowercased()

    /// A client for `user` with a new write token.
    init(_ application: PortalApplication, on connection: PostgresConnection, as user: User) throws {
        self.application = application
        self.connection = connection
        self.user = user
        token = try APITokens.issue(on: connection, user: user, name: "in-process", scope: .write, actor: Actor(user), origin: .commandLine).token
    }

    /// Sends `json` (a JSON text) to `path` with the token and any extra headers.
    func send(_ method: String, _ path: String, json: String? = nil, headers: [String: String] = [:]) -> Response {
        var httpHeaders = HTTPHeaders()
        httpHeaders["authorization"] = "Bearer \(token)"
        if json != nil { httpHeaders["content-type"] = "application/json" }
        for (name, value) in headers { httpHeaders[name] = value }
        return application.respond(
            to: Request(method: method, target: path, headers: httpHeaders, body: Array((json ?? "").utf8), remoteAddress: address),
            connection: connection)
    }

    /// Sends a JSON object built from `object`.
    func send(_ method: String, _ path: String, object: [String: Any], headers: [String: String] = [:]) throws -> Response {
        send(method, path, json: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self), headers: headers)
    }
}

extension Response {
    /// The body as a JSON object.
    func object() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any], "not a JSON object: \(text.prefix(300))")
    }

    /// The `items` of a list body.
    func items() throws -> [[String: Any]] {
        try #require(try object()["items"] as? [[String: Any]])
    }

    /// The fields a problem document names, after checking it is one with `status`.
    func problemFields(_ status: Int) throws -> [String] {
        #expect(self.status.code == status, "expected \(status), got \(self.status.code): \(text.prefix(300))")
        #expect(header("Content-Type") == "application/problem+json", "not a problem document: \(text.prefix(200))")
        return (try object()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}
