import Foundation
import TestSupport
import Testing

@Suite("End to end through nginx and the FastCGI workers")
struct ThroughNginxTests {
    let client: HTTPClient

    init() throws {
        client = try HTTPClient()
    }

    @Test("GET /health reports the database")
    func health() async throws {
        let reply = try await client.send("GET", "/health")
        #expect(reply.status == 200)
        let body = try reply.json()
        #expect(body["status"] as? String == "ok")
        #expect(body["database"] as? String == "ok")
    }

    @Test("the login page is served with its stylesheet and headers")
    func loginPage() async throws {
        let reply = try await client.send("GET", "/login")
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(reply.text.contains("Sign in"))
        #expect(reply.header("Content-Security-Policy") != nil)
        #expect(reply.header("X-Request-ID")?.count == 32)
        let css = try await client.send("GET", "/static/css/portal.css")
        #expect(css.status == 200)
        #expect(css.header("Content-Type")?.hasPrefix("text/css") == true)
        #expect(css.header("Cache-Control") != nil || css.header("Expires") != nil)
    }

    @Test("/docs/try and the files it loads: Swagger UI from the package, our initialiser from static/, both by nginx")
    func tryPageAndItsFiles() async throws {
        let page = try await client.send("GET", "/docs/try")
        #expect(page.status == 200)
        #expect(page.text.contains(#"<script src="/static/swagger-ui/swagger-ui-bundle.js" defer></script>"#))
        let bundle = try await client.send("GET", "/static/swagger-ui/swagger-ui-bundle.js")
        #expect(bundle.status == 200)
        #expect(bundle.header("Content-Type")?.contains("javascript") == true)
        #expect(bundle.text.contains("SwaggerUIBundle"))
        #expect(bundle.header("X-Request-ID") == nil, "served by nginx, not by a worker")
        let css = try await client.send("GET", "/static/swagger-ui/swagger-ui.css")
        #expect(css.status == 200)
        #expect(css.header("Content-Type")?.hasPrefix("text/css") == true)
        let initialiser = try await client.send("GET", "/static/js/try-api.js")
        #expect(initialiser.status == 200)
        #expect(initialiser.text.contains("requestInterceptor"))
        // Only the two files the page needs come from the package.
        let other = try await client.send("GET", "/static/swagger-ui/swagger-initializer.js")
        #expect(other.status == 404)
    }

    @Test("/ sends a visitor to sign in")
    func home() async throws {
        let reply = try await client.send("GET", "/")
        #expect(reply.status == 303)
        #expect(reply.header("Location") == "/login")
    }

    @Test("unknown pages and API paths answer 404 in their own format")
    func notFound() async throws {
        let page = try await client.send("GET", "/nowhere")
        #expect(page.status == 404)
        #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
        let api = try await client.send("GET", "/api/v1/nowhere")
        #expect(api.status == 404)
        #expect(api.header("Content-Type") == "application/problem+json")
        #expect(try api.json()["status"] as? Int == 404)
    }

    @Test("a POST body arrives and a wrong method is refused with 405")
    func methodNotAllowed() async throws {
        let reply = try await client.send("POST", "/health", body: Data("x=1".utf8))
        #expect(reply.status == 405)
        #expect(reply.header("Allow")?.contains("GET") == true)
    }

    @Test("fifty concurrent requests all succeed")
    func concurrency() async throws {
        let client = self.client
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 { group.addTask { try await client.send("GET", "/health").status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 50)
        #expect(statuses.allSatisfy { $0 == 200 })
    }
}
