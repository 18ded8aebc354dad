import Domain
import Foundation

/// `Tests/support/stripe_fake.py` running on a loopback port for one test; stopped by `stop()`
/// (or when the object goes away).
public final class StripeFake {
    public let secretKey: String
    public let webhookSecret: String
    private let child: LoopbackChild

    public var port: Int { child.port }
    public var baseURL: String { child.baseURL }

    public init(secretKey: String = "sk_test_portal", webhookSecret: String = "whsec_portal", webhookURL: String = "http://127.0.0.1:9/webhooks/stripe",
                hangSeconds: Double = 5) throws {
        child = try LoopbackChild(script: "stripe_fake.py", arguments: [
            "--secret-key", secretKey, "--webhook-secret", webhookSecret, "--webhook-url", webhookURL, "--hang-seconds", String(hangSeconds),
        ])
        self.secretKey = secretKey
        self.webhookSecret = webhookSecret
    }

    /// Sets the fake's mode: `ok`, `fail` (500) or `hang`.
    public func mode(_ mode: String) throws {
        try knob("/_fake/mode", body: "{\"mode\": \"\(mode)\"}")
    }

    /// POSTs `body` to the fake's `path`; its JSON answer.
    @discardableResult
    public func knob(_ path: String, body: String = "") throws -> [String: Any] {
        try child.post(path, body: body)
    }

    /// `GET /_fake/state`, parsed.
    public func state() throws -> [String: Any] {
        try child.get("/_fake/state")
    }

    public func stop() { child.stop() }
}
