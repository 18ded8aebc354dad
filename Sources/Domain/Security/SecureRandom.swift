import COpenSSL
import Foundation

/// Cryptographically secure random bytes and tokens from OpenSSL.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        try OpenSSLError.check(RAND_bytes(&buffer, Int32(count)), "RAND_bytes")
        return buffer
    }

    /// A URL-safe token carrying `byteCount` random bytes (base64url, no padding).
    public static func token(byteCount: Int = 32) throws -> String {
        Base64URL.encode(try bytes(byteCount))
    }
}

/// base64url without padding (RFC 4648 §5), for tokens in cookies and headers.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
