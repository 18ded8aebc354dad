import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing
import Views

/// `/docs` shows the OpenAPI document's Markdown as HTML; `/docs/try` starts Swagger UI.
@Suite("API reference and the try-it page")
struct DocsPagesTests {
    static let documentPath = TestEnvironment.repositoryRoot + "/static/openapi.json"

    static func application(document: APIDocument) throws -> PortalApplication {
        PortalApplication.portal(
            services: PortalServices(
                renderer: try PageRenderer(templatesDirectory: TestEnvironment.repositoryRoot + "/templates"),
                secrets: try SecretBox(key: try TestEnvironment.secretKey()), apiDocument: document))
    }

    /// The `<main>` part of a page: what the document put there, without the layout.
    static func main(_ html: String) -> String {
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test("the checked-in document's Markdown shows as HTML on /docs: no raw backticks, code spans and paragraphs")
    func checkedInDocument() throws {
        let connection = try TestEnvironment.connect()
        defer { connection.close() }
        let application = try Self.application(document: try APIDocument.load(path: Self.documentPath))
        let response = application.respond(to: Request(method: "GET", target: "/docs"), connection: connection)
        #expect(response.status.code == 200)
        let main = Self.main(response.text)
        #expect(main.contains("<h1>VPS Portal API"))
        #expect(!main.contains("`"), "a backtick reached the page: \(main.components(separatedBy: "`").first?.suffix(120) ?? "")")
        // The introduction: paragraphs, code spans (their content escaped).
        #expect(main.contains("<p>Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>."))
        #expect(main.contains("<p>The JSON API of VPS Portal:"))
        // An operation's description, without its "Who may call" line (shown on its own).
        #expect(main.contains("Nobody is signed in: sign in with <code>POST /api/v1/auth/login</code>."))
        #expect(main.contains("<strong>Who may call:</strong> Anyone"))
        // Table cells get inline HTML (no paragraph inside the cell).
        #expect(main.contains(#"<td class="api-markdown">Pass as <code>cursor</code> for the next page; null on the last page.</td>"#))
        #expect(main.contains(#"href="/docs/try""#))
    }

    @Test("Markdown in a document cannot bring in markup or script: raw HTML and javascript: links are neutralised")
    func hostileDocument() throws {
        let document = #"""
            {"openapi": "3.1.0",
             "info": {"title": "T", "version": "1", "description": "Intro <script>alert(1)</script>\n\n[x](javascript:alert(2))"},
             "tags": [{"name": "Meta", "description": "<img src=x onerror=alert(3)>"}],
             "paths": {"/health": {"get": {"tags": ["Meta"], "summary": "<b>S</b>",
                "description": "<iframe src=\"https://evil.example\"></iframe>\n\n- `a`\n- [b](vbscript:x)",
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}, "description": "<svg onload=alert(4)>"}],
                "responses": {"200": {"description": "ok <a href=\"javascript:alert(5)\">y</a>"}}}}},
             "components": {"schemas": {"S": {"type": "object", "description": "<style>*{}</style>",
                "properties": {"f": {"type": "string", "description": "[z](JAVASCRIPT:alert(6))"}}}}}}
            """#
        let page = try APIDocument(bytes: Array(document.utf8)).page
        let html = try PageRenderer(templatesDirectory: TestEnvironment.repositoryRoot + "/templates").render(page)
        let main = Self.main(html)
        for forbidden in ["<script", "<img", "<iframe", "<svg", "<style", "onerror", "onload", "javascript:", "JAVASCRIPT:", "vbscript:"] {
            #expect(!main.contains(forbidden), "\(forbidden) reached the page")
        }
        #expect(main.contains("<li><code>a</code></li>"))
        #expect(main.contains("&lt;b&gt;S&lt;/b&gt;"), "the summary is plain text, escaped")
        #expect(main.contains(#"<a href="">x</a>"#))
    }

    @Test("/docs/try loads Swagger UI and our initialiser from files, never an inline script; visitors get no token")
    func tryPageAnonymous() throws {
        let connection = try TestEnvironment.connect()
        defer { connection.close() }
        let application = try Self.application(document: try APIDocument.load(path: Self.documentPath))
        let response = application.respond(to: Request(method: "GET", target: "/docs/try"), connection: connection)
        #expect(response.status.code == 200)
        let html = response.text
        #expect(html.contains(#"<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">"#))
        #expect(html.contains(#"<script src="/static/swagger-ui/swagger-ui-bundle.js" defer></script>"#))
        #expect(html.contains(#"<script src="/static/js/try-api.js" defer></script>"#))
        #expect(html.components(separatedBy: "<script").count - 1 == 2, "only the two script files")
        #expect(html.contains(#"<meta name="csrf-token" content="">"#))
        #expect(html.contains(#"<div id="swagger-ui" class="try-api" data-document="/api/v1/openapi.json">"#))
        #expect(html.contains("/login?next=/docs/try"))
        #expect(response.header("Content-Security-Policy")?.contains("script-src 'self';") == true)
        #expect(response.header("Cache-Control") == "no-store")
        #expect(FileManager.default.fileExists(atPath: TestEnvironment.repositoryRoot + "/static/js/try-api.js"))
    }

    @Test("/docs/try gives a signed-in user's session CSRF token to the initialiser and names who requests run as")
    func tryPageSignedIn() throws {
        let connection = try TestEnvironment.connect()
        defer { connection.close() }
        let application = try Self.application(document: try APIDocument.load(path: Self.documentPath))
        let user = try Fixtures.customer(on: connection)
        let token = try Sessions.start(on: connection, user: user, stage: .full, origin: Fixtures.origin())
        let session = try #require(try Sessions.find(token: token, on: connection))
        let response = application.respond(
            to: Request(method: "GET", target: "/docs/try", headers: ["cookie": "vps_session=\(token)"]), connection: connection)
        #expect(response.status.code == 200)
        #expect(response.text.contains(#"<meta name="csrf-token" content="\#(session.csrfToken)">"#))
        #expect(response.text.contains("run as <strong>\(user.email)</strong>"))
        #expect(response.header("Cache-Control") == "no-store")
    }

    @Test("without a document /docs/try says so and loads no script")
    func tryPageWithoutDocument() throws {
        let connection = try TestEnvironment.connect()
        defer { connection.close() }
        let application = try Self.application(document: .empty)
        let response = application.respond(to: Request(method: "GET", target: "/docs/try"), connection: connection)
        #expect(response.status.code == 200)
        #expect(response.text.contains("The API description is not installed on this server."))
        #expect(!response.text.contains("<script"))
    }
}
