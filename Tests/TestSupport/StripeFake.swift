import Domain
import Foundation

/// `Tests/support/stripe_fake.py` running on a loopback port for one test; stopped by `stop()`
/// (or when the object goes away).
public final class StripeFake {
    public let port: Int
    public let secretKey: String
    public let webhookSecret: String
    private let process: Process

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public init(secretKey: String = "sk_test_portal", webhookSecret: String = "whsec_portal", webhookURL: String = "http://127.0.0.1:9/webhooks/stripe",
                hangSeconds: Double = 5) throws {
        let started = try LoopbackScript.start("stripe_fake.py", arguments: [
            "--secret-key", secretKey, "--webhook-secret", webhookSecret, "--webhook-url", webhookURL, "--hang-seconds", String(hangSeconds)])
        process = started.process
        port = started.port
        self.secretKey = secretKey
        self.webhookSecret = webhookSecret
    }

    /// Sets the fake's mode: `ok`, `fail` (500) or `hang`.
    public func mode(_ mode: String) throws {
        try knob("/_fake/mode", body: "{\"mode\": \"\(mode)\"}")
    }

    /// POSTs `body` to the fake's `path`; its JSON answer. (`OutboundHTTP`, not a curl child
    /// process: a pipe to a child can be inherited by a fake started at the same moment and never close.)
    @discardableResult
    public func knob(_ path: String, body: String = "") throws -> [String: Any] {
        let answer = try OutboundHTTP().send("POST", baseURL + path, headers: [("Accept", "application/json")], body: Array(body.utf8))
        return (try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]) ?? [:]
    }

    /// `GET /_fake/state`, parsed.
    public func state() throws -> [String: Any] {
        let answer = try OutboundHTTP().send("GET", baseURL + "/_fake/state")
        return try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] ?? [:]
    }

    public func stop() {
        // SIGKILL, not `terminate()`: a child spawned from a test's thread inherits its blocked
        // signal mask, SIGTERM included, and would never exit.
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }

    deinit { stop() }
}
