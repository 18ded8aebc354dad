@testable import Domain
import Foundation
import TestSupport
import Testing
import Views

@Suite("Page rendering")
struct PageRendererTests {
    let renderer: PageRenderer

    init() throws {
        renderer = try PageRenderer(templatesDirectory: TestEnvironment.repositoryRoot + "/templates")
    }

    @Test("the login page renders inside the shared layout")
    func loginInLayout() throws {
        let html = try renderer.render(LoginPage())
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<title>Sign in · VPS Portal</title>"))
        #expect(html.contains(#"<link rel="stylesheet" href="/static/css/portal.css">"#))
        #expect(html.contains(#"<label for="email">Email</label>"#))
        #expect(html.contains(#"<label for="password">Password</label>"#))
        #expect(html.contains(#"<form method="post" action="/login""#))
        #expect(!html.contains("<script"))
    }

    @Test("user text is escaped, never compiled")
    func escapes() throws {
        let html = try renderer.render(LoginPage(email: #""><script>alert(1)</script>{{7*7}}"#, error: "<b>no</b>"))
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("{{7*7}}"))
        #expect(!html.contains("49"))
        #expect(html.contains("&lt;b&gt;no&lt;/b&gt;"))
    }

    @Test("error pages show the status and, for 5xx, the reference")
    func errorPage() throws {
        let notFound = try renderer.render(ErrorPage(status: 404, title: "Not found", message: "Nothing here."))
        #expect(notFound.contains("404"))
        #expect(notFound.contains("Nothing here."))
        #expect(!notFound.contains("Reference"))
        let failed = try renderer.render(
            ErrorPage(status: 500, title: "Something went wrong", message: "Try again.", requestID: "abc123"))
        #expect(failed.contains("<code>abc123</code>"))
    }

    @Test("a page's head additions: stylesheets, escaped meta values, deferred script files, in order")
    func pageHead() throws {
        let html = try renderer.render(TryAPIPage(signedInAs: "<b>a@example.test</b>", csrfToken: #""><script>x</script>"#, isDocumentLoaded: true))
        let head = String(html[html.range(of: "<head>")!.upperBound..<html.range(of: "</head>")!.lowerBound])
        #expect(head.contains(#"<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">"#))
        #expect(head.contains(#"<meta name="csrf-token" content="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">"#))
        let scripts = head.components(separatedBy: "<script").dropFirst()
        #expect(scripts.map { String($0.prefix { $0 != ">" }) } == [#" src="/static/swagger-ui/swagger-ui-bundle.js" defer"#, #" src="/static/js/try-api.js" defer"#])
        #expect(html.contains("run as <strong>&lt;b&gt;a@example.test&lt;/b&gt;</strong>"))
    }

    @Test("a directory without templates is refused at start-up")
    func missingTemplates() {
        #expect(throws: ViewError.self) {
            try PageRenderer(templatesDirectory: FileManager.default.temporaryDirectory.path + "/no-such-dir")
        }
    }
}

@Suite("Direct lookups render the same as reflection")
struct DirectLookupTests {
    @Test("the layout with navigation and the my-servers page render every field")
    func myServers() throws {
        let renderer = try PageRenderer(templatesDirectory: TestEnvironment.repositoryRoot + "/templates")
        let server = try Fixtures.server(on: try TestEnvironment.connect(), hostname: "web1.example.com")
        let navigation = Navigation(name: "Ann", email: "ann@example.com", isStaff: false, isAdmin: false, csrfToken: "tok", currentPath: "/my/servers")
        let html = try renderer.render(MyServersPage(Page(items: [server.summary], nextCursor: "7")), navigation: navigation)
        for expected in ["<title>My servers · VPS Portal</title>", #"href="/my/servers/\#(server.id)""#, "web1.example.com",
                         "status-pending_provisioning", "pending provisioning", "2 vCPU · 4 GB · 50 GB", Display.dateTime(server.createdAt),
                         #"href="/my/servers?cursor=7""#, #"aria-current="page">My servers"#, #"value="tok""#, "Ann", "Customer"] {
            #expect(html.contains(expected), "missing \(expected)")
        }
        let empty = try renderer.render(MyServersPage(Page(items: [], nextCursor: nil)), navigation: navigation)
        #expect(empty.contains("You have no servers yet"))
        #expect(!empty.contains("More servers"))
    }
}

@Suite("Display formatting")
struct DisplayTests {
    @Test("dates read the same everywhere, in UTC, zero-padded")
    func dateTime() {
        #expect(Display.dateTime(Date(timeIntervalSince1970: 1_795_225_242)) == "2026-11-21 01:40 UTC")
        #expect(Display.dateTime(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00 UTC")
        #expect(Display.dateTime(nil) == "—")
    }
}
