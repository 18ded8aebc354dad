import COpenSSL

/// Cryptographic digests through OpenSSL's EVP interface.
public enum Digest {
    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: some Collection<UInt8>) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let input = Array(bytes)
        try input.withUnsafeBytes { raw in
            try OpenSSLError.check(
                EVP_Digest(raw.baseAddress, raw.count, &output, &length, EVP_sha256(), nil), "EVP_Digest")
        }
        return Array(output.prefix(Int(length)))
    }

    /// SHA-256 of `text`'s UTF-8 bytes as lowercase hex.
    public static func sha256Hex(_ text: String) throws -> String {
        try sha256(Array(text.utf8)).hexString
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hexadecimal form.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
