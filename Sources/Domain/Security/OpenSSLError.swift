import COpenSSL

/// The one error type for OpenSSL calls, carrying the library's error queue text.
public struct OpenSSLError: Error, CustomStringConvertible, Sendable {
    /// The OpenSSL function that failed.
    public let operation: String
    /// OpenSSL's own reason, or "unknown error".
    public let reason: String

    public var description: String { "OpenSSL \(operation) failed: \(reason)" }

    /// The funnel every OpenSSL call goes through: libcrypto returns 1 for success.
    static func check(_ result: Int32, _ operation: String) throws {
        guard result == 1 else { throw OpenSSLError(operation: operation, reason: drainQueue()) }
    }

    private static func drainQueue() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "unknown error" : reasons.joined(separator: "; ")
    }
}
