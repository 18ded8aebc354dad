import FastCGI
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Synchronization
import Testing
import Views

@Suite("The application, request in, response out")
struct PortalApplicationTests {
    let application: PortalApplication
    let services: PortalServices

    init() throws {
        services = try TestServices.make()
        application = .portal(services: services)
    }

    private func send(_ method: String, _ target: String, headers: HTTPHeaders = HTTPHeaders()) throws -> Response {
        application.respond(to: Request(method: method, target: target, headers: headers), connection: try TestEnvironment.connect())
    }

    private func json(_ response: Response) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    @Test("GET /health answers ok with the database")
    func healthOK() throws {
        let response = try send("GET", "/health")
        #expect(response.status == .ok)
        #expect(response.header("Content-Type") == "application/json")
        let body = try json(response)
        #expect(body["status"] as? String == "ok")
        #expect(body["database"] as? String == "ok")
    }

    @Test("GET /health answers 503 problem+json without the database")
    func healthDown() throws {
        let down = PostgresConnection(lazy: "host=127.0.0.1 port=1 dbname=none connect_timeout=2")
        let response = application.respond(to: Request(method: "GET", target: "/health"), connection: down)
        #expect(response.status == .serviceUnavailable)
        #expect(response.header("Content-Type") == "application/problem+json")
        let body = try json(response)
        #expect(body["status"] as? Int == 503)
        #expect(body["title"] as? String == "Database unreachable")
    }

    @Test("the login page is HTML with the security headers")
    func loginPage() throws {
        let response = try send("GET", "/login?email=ann%40example.com")
        #expect(response.status == .ok)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        #expect(response.text.contains(#"value="ann@example.com""#))
        #expect(response.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        #expect(response.header("X-Content-Type-Options") == "nosniff")
        #expect(response.header("Strict-Transport-Security") == nil)
        #expect(response.header("X-Request-ID") != nil)
    }

    @Test("HSTS only over HTTPS")
    func hsts() throws {
        let request = Request(method: "GET", target: "/login", isHTTPS: true)
        let response = application.respond(to: request, connection: try TestEnvironment.connect())
        #expect(response.header("Strict-Transport-Security")?.hasPrefix("max-age=") == true)
    }

    @Test("an unknown page is a styled 404 page")
    func pageNotFound() throws {
        let response = try send("GET", "/no/such/page")
        #expect(response.status == .notFound)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        #expect(response.text.contains(#"<link rel="stylesheet" href="/static/css/portal.css">"#))
        #expect(response.text.contains("404"))
    }

    @Test("an unknown API path is a 404 problem document")
    func apiNotFound() throws {
        let response = try send("GET", "/api/v1/nothing")
        #expect(response.status == .notFound)
        #expect(response.header("Content-Type") == "application/problem+json")
        let body = try json(response)
        #expect(Set(body.keys).isSuperset(of: ["type", "title", "status", "detail", "errors"]))
        #expect(body["status"] as? Int == 404)
    }

    @Test("a wrong method is 405 with Allow")
    func methodNotAllowed() throws {
        let response = try send("DELETE", "/health")
        #expect(response.status == .methodNotAllowed)
        #expect(response.header("Allow")?.contains("GET") == true)
        let unknown = try send("FOO", "/login")
        #expect(unknown.status == .methodNotAllowed)
    }

    @Test("malformed targets are 400, never 500", arguments: ["/login?q=%zz", "/log%zzin", "/login%00", "/login?%FF=1"])
    func malformed(_ target: String) throws {
        #expect(try send("GET", target).status == .badRequest)
    }

    @Test("HEAD answers like GET without a body")
    func head() throws {
        let response = try send("HEAD", "/login")
        #expect(response.status == .ok)
        #expect(response.body.isEmpty)
    }

    @Test("a handler that throws answers a generic 500 that leaks nothing")
    func internalError() throws {
        struct Secret: Error, CustomStringConvertible {
            var description: String { "SELECT password FROM users -- stack frame 0x1234" }
        }
        var router = Router()
        router.group(.anyone) { $0.get("/boom") { _, _ in throw Secret() } }
        let app = PortalApplication(router: router, services: services)
        let page = app.respond(to: Request(method: "GET", target: "/boom", requestID: "req-1"), connection: try TestEnvironment.connect())
        #expect(page.status == .internalServerError)
        #expect(!page.text.contains("SELECT"))
        #expect(page.text.contains("req-1"))
        router.group(.anyone) { $0.get("/api/boom") { _, _ in throw Secret() } }
        let api = PortalApplication(router: router, services: services)
            .respond(to: Request(method: "GET", target: "/api/boom"), connection: try TestEnvironment.connect())
        #expect(api.status == .internalServerError)
        #expect(api.header("Content-Type") == "application/problem+json")
        #expect(!api.text.contains("password"))
    }
}

@Suite("Deeply nested JSON")
struct NestedJSONTests {
    @Test("thousands of nested arrays answer 400 or 422, on a worker-sized thread", arguments: [600, 10_000])
    func nested(depth: Int) throws {
        let application = PortalApplication.portal(services: try TestServices.make())
        let staff = try Fixtures.staffActor(on: try TestEnvironment.connect())
        let body = Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
        let request = Request(method: "POST", target: "/api/v1/dedicated-servers/products",
                              headers: ["authorization": "Bearer \(staff.token)", "content-type": "application/json"], body: body)
        let url = try TestEnvironment.databaseURL()
        let outcome = Outcome()
        let thread = try OSThread {
            let connection = PostgresConnection(lazy: url)
            outcome.status.store(application.respond(to: request, connection: connection).status.code, ordering: .sequentiallyConsistent)
        }
        thread.join()
        #expect([400, 422].contains(outcome.status.load(ordering: .sequentiallyConsistent)))
    }
}

/// The status a worker thread saw, shared with the test.
private final class Outcome: Sendable {
    let status = Atomic<Int>(0)
}
