import Foundation

/// Minimal line logger to standard error; one `write` per line so lines from
/// threads do not interleave. Never pass secrets to it.
public enum Log {
    public enum Level: String, Sendable { case info, warning, error }

    public static func info(_ message: String, requestID: String? = nil) { write(.info, message, requestID) }
    public static func warning(_ message: String, requestID: String? = nil) { write(.warning, message, requestID) }
    public static func error(_ message: String, requestID: String? = nil) { write(.error, message, requestID) }

    /// One request's logfmt line (`fields` already logfmt), prefixed with `time=` and `pid=`.
    public static func request(_ fields: String) {
        // Built by hand: Foundation's date formatting and replacingOccurrences cost more than the
        // rest of a small page's request.
        var line = "time=" + UTCTimestamp.rfc3339(Date()) + " pid=" + pid + " "
        line += fields.utf8.contains(10) ? fields.replacingOccurrences(of: "\n", with: " ") : fields
        line += "\n"
        line.withUTF8 { _ = Foundation.write(2, $0.baseAddress, $0.count) }
    }

    private static let pid = String(getpid())

    private static func write(_ level: Level, _ message: String, _ requestID: String?) {
        var line = "\(Date().formatted(.iso8601)) [\(getpid())] \(level.rawValue)"
        if let requestID { line += " request=\(requestID)" }
        line += " " + message.replacingOccurrences(of: "\n", with: " ") + "\n"
        let bytes = Array(line.utf8)
        bytes.withUnsafeBytes { _ = Foundation.write(2, $0.baseAddress, $0.count) }
    }
}
