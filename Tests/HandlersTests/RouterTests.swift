@testable import Handlers
import Foundation
import Testing

@Suite("Router without a socket")
struct RouterTests {
    private func router() -> Router {
        var router = Router()
        router.group(.staff) { r in
            r.get("/orders/{id}") { _, _ in Response(status: .ok) }
            r.patch("/orders/{id}", stepUp: true) { _, _ in Response(status: .noContent) }
        }
        router.group(.anyone) { $0.get("/orders") { _, _ in Response(status: .ok) } }
        return router
    }

    @Test("literal and parameter segments match, trailing slashes are ignored")
    func matches() {
        guard case .found(let route, let parameters) = router().match(method: "GET", path: "/orders/42/") else {
            Issue.record("expected a match")
            return
        }
        #expect(parameters == ["id": "42"])
        #expect(route.pattern == "/orders/{id}")
        #expect(route.access == RouteAccess(audience: .staff, stepUp: false))
        guard case .found(let patch, _) = router().match(method: "PATCH", path: "/orders/42") else { Issue.record("expected PATCH"); return }
        #expect(patch.access == RouteAccess(audience: .staff, stepUp: true))
    }

    @Test("a known path with another method lists what is allowed")
    func methodNotAllowed() {
        guard case .methodNotAllowed(let allowed) = router().match(method: "DELETE", path: "/orders/1") else {
            Issue.record("expected 405")
            return
        }
        #expect(Set(allowed) == ["GET", "PATCH", "HEAD"])
    }

    @Test("HEAD is served by the GET route; unknown paths are not found")
    func headAndMissing() {
        if case .found = router().match(method: "HEAD", path: "/orders") {} else { Issue.record("HEAD should match GET") }
        if case .notFound = router().match(method: "GET", path: "/orders/1/items") {} else { Issue.record("expected 404") }
    }
}

@Suite("Percent-decoding and query strings")
struct QueryTests {
    @Test("escapes, plus signs and UTF-8 decode")
    func decodes() throws {
        let query = try QueryParameters(parsing: "q=a%20b+c&name=J%C3%BCrgen&flag&q=2")
        #expect(query["q"] == "a b c")
        #expect(query["name"] == "Jürgen")
        #expect(query["flag"] == "")
        #expect(query.all("q") == ["a b c", "2"])
    }

    @Test("broken escapes and invalid UTF-8 are a 400", arguments: ["q=%zz", "q=%4", "q=%FF%FE", "%=1"])
    func rejects(_ text: String) {
        let error = #expect(throws: HTTPError.self) { try QueryParameters(parsing: text[...]) }
        #expect(error?.status == .badRequest)
    }
}

@Suite("RFC 3339 dates in JSON")
struct RFC3339Tests {
    @Test("the hand-built format equals Foundation's ISO 8601 encoding", arguments: [0.0, 1_795_225_242.75, 951_782_400, 4_102_444_799])
    func sameAsFoundation(_ seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let foundation = JSONEncoder()
        foundation.dateEncodingStrategy = .iso8601
        let expected = String(decoding: try foundation.encode([date]), as: UTF8.self)
        let ours = String(decoding: try JSONStreamEncoder.encode([date]), as: UTF8.self)
        #expect(ours == expected)
    }
}
