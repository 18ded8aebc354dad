@testable import Domain
import Foundation
import Testing

/// Stripe's webhook signature rule, as `WebhookSignature` checks it for every gateway signing that way.
@Suite("Webhook signatures: Stripe's scheme (every v1, constant time, 300 s)")
struct WebhookSignatureTests {
    let secret = "whsec_test_secret"
    let body = Array(#"{"id":"evt_1","type":"checkout.session.completed"}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func v1(_ secret: String, _ body: [UInt8], at moment: Date) throws -> String {
        let header = try WebhookSignature.header(body: body, secret: secret, at: moment)
        return String(header.split(separator: ",")[1].dropFirst(3))
    }

    private func refusal(_ header: String?, body: [UInt8]? = nil, at moment: Date? = nil) -> WebhookSignature.Refusal? {
        do {
            try WebhookSignature.verify(header: header, body: body ?? self.body, secret: secret, now: moment ?? now)
            return nil
        } catch { return error }
    }

    @Test("the right signature is accepted, at the edge of the tolerance too")
    func rightSignature() throws {
        #expect(refusal(try WebhookSignature.header(body: body, secret: secret, at: now)) == nil)
        #expect(refusal(try WebhookSignature.header(body: body, secret: secret, at: now.addingTimeInterval(-300))) == nil)
        #expect(refusal(try WebhookSignature.header(body: body, secret: secret, at: now.addingTimeInterval(300))) == nil)
    }

    @Test("a signature made with another secret is refused")
    func wrongSecret() throws {
        #expect(refusal(try WebhookSignature.header(body: body, secret: "whsec_other", at: now)) == .badSignature)
    }

    @Test("a timestamp 301 s old (or ahead) is refused even with a right signature")
    func staleTimestamp() throws {
        #expect(refusal(try WebhookSignature.header(body: body, secret: secret, at: now.addingTimeInterval(-301))) == .staleTimestamp)
        #expect(refusal(try WebhookSignature.header(body: body, secret: secret, at: now.addingTimeInterval(301))) == .staleTimestamp)
    }

    @Test("a body altered by one byte is refused")
    func alteredBody() throws {
        let header = try WebhookSignature.header(body: body, secret: secret, at: now)
        var altered = body
        altered[10] ^= 0x01
        #expect(refusal(header, body: altered) == .badSignature)
        #expect(refusal(header, body: body + [0x20]) == .badSignature)
    }

    @Test("two v1 where only the second is right: accepted; only a wrong v1: refused")
    func everyV1IsCompared() throws {
        let t = Int(now.timeIntervalSince1970)
        let wrong = try v1("whsec_old", body, at: now), right = try v1(secret, body, at: now)
        #expect(refusal("t=\(t),v1=\(wrong),v1=\(right)") == nil)
        #expect(refusal("t=\(t),v0=\(right),v1=\(wrong)") == .badSignature)
        #expect(refusal("t=\(t),v1=\(wrong)") == .badSignature)
    }

    @Test("a missing or malformed header is refused")
    func missingHeader() throws {
        #expect(refusal(nil) == .missingSignature)
        #expect(refusal("") == .missingSignature)
        let right = try v1(secret, body, at: now)
        #expect(refusal("v1=\(right)") == .malformedSignature)
        #expect(refusal("t=\(Int(now.timeIntervalSince1970))") == .malformedSignature)
        #expect(refusal("t=soon,v1=\(right)") == .malformedSignature)
        #expect(refusal("garbage") == .malformedSignature)
    }
}
