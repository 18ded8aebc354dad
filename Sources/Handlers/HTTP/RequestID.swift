import Foundation

/// Request identifiers for requests that arrive without nginx's `$request_id`.
public enum RequestID {
    /// 32 random hex digits, the same shape as nginx's `$request_id`.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
