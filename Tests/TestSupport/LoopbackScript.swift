import Foundation

/// A Python stub under `Tests/support/` started for one test: it prints its loopback port on its
/// first line. Stop it with SIGKILL (a child of a test thread inherits its blocked SIGTERM).
public enum LoopbackScript {
    public struct DidNotStart: Error {}

    /// Starts `Tests/support/<name>` with `arguments`; returns the process and its port.
    public static func start(_ name: String, arguments: [String] = []) throws -> (process: Process, port: Int) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("support/" + name).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line: [UInt8] = []
        while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") { line.append(byte) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            kill(process.processIdentifier, SIGKILL)
            throw DidNotStart()
        }
        return (process, port)
    }
}
