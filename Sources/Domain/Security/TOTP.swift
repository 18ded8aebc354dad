import COpenSSL
import Foundation

/// Time-based one-time passwords (RFC 6238) over HMAC (RFC 4226).
public struct TOTP: Sendable {
    public enum Algorithm: Sendable {
        case sha1, sha256, sha512
    }

    public let secret: [UInt8]
    public var digits = 6
    public var period: Int64 = 30
    public var algorithm = Algorithm.sha1

    public init(secret: [UInt8], digits: Int = 6, period: Int64 = 30, algorithm: Algorithm = .sha1) {
        self.secret = secret
        self.digits = digits
        self.period = period
        self.algorithm = algorithm
    }

    /// A new random 160-bit secret (RFC 4226 recommends at least 128 bits).
    public static func newSecret() throws -> [UInt8] {
        try SecureRandom.bytes(20)
    }

    /// The time step containing `date`.
    public func step(at date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down)) / period
    }

    /// The code for time step `step`, zero-padded to `digits`.
    public func code(forStep step: Int64) throws -> String {
        var counter = [UInt8](repeating: 0, count: 8)
        for index in 0..<8 { counter[7 - index] = UInt8((UInt64(bitPattern: step) >> (8 * UInt64(index))) & 0xff) }
        let mac = try hmac(counter)
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The step whose code equals `code`, looking one step either side of `date` for clock drift.
    public func matchingStep(for code: String, at date: Date, window: Int64 = 1) throws -> Int64? {
        let trimmed = code.filter { !$0.isWhitespace }
        guard trimmed.count == digits, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber) else { return nil }
        let now = step(at: date)
        for candidate in (now - window)...(now + window) where constantTimeEquals(try self.code(forStep: candidate), trimmed) {
            return candidate
        }
        return nil
    }

    /// The `otpauth://` URI authenticator apps read from the QR code.
    public func provisioningURI(account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~@"))
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        let issuerParameter = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParameter)&digits=\(digits)&period=\(period)"
    }

    private func hmac(_ message: [UInt8]) throws -> [UInt8] {
        let digest: OpaquePointer?
        switch algorithm {
        case .sha1: digest = EVP_sha1()
        case .sha256: digest = EVP_sha256()
        case .sha512: digest = EVP_sha512()
        }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard HMAC(digest, secret, Int32(secret.count), message, message.count, &output, &length) != nil else {
            try OpenSSLError.check(0, "HMAC")
            return []
        }
        return Array(output.prefix(Int(length)))
    }
}

/// Compares two strings in time independent of where they differ.
public func constantTimeEquals(_ left: String, _ right: String) -> Bool {
    let a = Array(left.utf8), b = Array(right.utf8)
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
}
