@testable import Domain
import Foundation
import Testing
import TestSupport

/// The libcurl client against a real server on loopback (the Stripe fake): an answer of any
/// status comes back as it is; no answer (refused, too slow) throws, within the timeouts.
@Suite("Outbound HTTP (libcurl)")
struct OutboundHTTPTests {
    @Test("a 200 comes back with its status, headers and body; the request carried ours")
    func success() throws {
        let fake = try StripeFake()
        defer { fake.stop() }
        let answer = try OutboundHTTP().send(
            "POST", fake.baseURL + "/v1/checkout/sessions",
            headers: [("Authorization", "Bearer \(fake.secretKey)"), ("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("mode=payment&line_items[0][price_data][currency]=eur&line_items[0][price_data][unit_amount]=1250&line_items[0][price_data][product_data][name]=INV-1&line_items[0][quantity]=1&success_url=http://x/ok&cancel_url=http://x/no".utf8))
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"] == "application/json")
        let session = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
        #expect(session["amount_total"] as? Int == 1250)
        #expect((session["id"] as? String)?.hasPrefix("cs_test_") == true)
    }

    @Test("a 500 is an answer, not an error; a redirect is not followed")
    func serverError() throws {
        let fake = try StripeFake()
        defer { fake.stop() }
        let client = try OutboundHTTP()
        #expect(try client.send("GET", fake.baseURL + "/nowhere").status == 404)
        try fake.mode("fail")
        let answer = try client.send("POST", fake.baseURL + "/v1/refunds", body: Array("payment_intent=pi_1".utf8))
        #expect(answer.status == 500)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("api_error"))
    }

    @Test("a server that never answers: the total timeout fires, on time")
    func hang() throws {
        let fake = try StripeFake(hangSeconds: 10)
        defer { fake.stop() }
        try fake.mode("hang")
        let started = Date()
        #expect {
            try OutboundHTTP(connectTimeout: 1, totalTimeout: 1).send("POST", fake.baseURL + "/v1/refunds")
        } throws: { ($0 as? OutboundHTTPError)?.kind == .timedOut }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 3, "took \(elapsed) s")
    }

    @Test("nothing listening: refused at once")
    func refused() throws {
        let fake = try StripeFake()
        let closed = fake.baseURL
        fake.stop()
        #expect {
            try OutboundHTTP().send("GET", closed + "/")
        } throws: { ($0 as? OutboundHTTPError)?.kind == .refused }
        #expect(throws: OutboundHTTPError.self) { try OutboundHTTP().send("GET", "file:///etc/passwd") }
    }
}
