import Domain
import Foundation

/// A Python helper from `Tests/support/` that listens on a loopback port and prints it on its
/// first line; stopped with SIGKILL by `stop()` (or when the object goes away).
public final class LoopbackChild {
    public let port: Int
    private let process: Process

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `Tests/support/<script>` with `arguments` and waits for its port.
    public init(script: String, arguments: [String] = []) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("support/\(script)").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line: [UInt8] = []
        while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") { line.append(byte) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            kill(process.processIdentifier, SIGKILL)
            throw TestEnvironment.Missing(variable: "the port of \(script)")
        }
        self.port = port
    }

    /// POSTs `body` to the child's `path`; its JSON answer. (`OutboundHTTP`, not a curl child
    /// process: a pipe to a child can be inherited by a helper started at the same moment and never close.)
    @discardableResult
    public func post(_ path: String, body: String = "") throws -> [String: Any] {
        let answer = try OutboundHTTP().send("POST", baseURL + path, headers: [("Accept", "application/json")], body: Array(body.utf8))
        return (try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]) ?? [:]
    }

    /// `GET path`, parsed.
    public func get(_ path: String) throws -> [String: Any] {
        let answer = try OutboundHTTP().send("GET", baseURL + path)
        return try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] ?? [:]
    }

    public func stop() {
        // SIGKILL, not `terminate()`: a child spawned from a test's thread inherits its blocked
        // signal mask, SIGTERM included, and would never exit.
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }

    deinit { stop() }
}
