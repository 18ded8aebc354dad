import COpenSSL

/// Cryptographic digests through OpenSSL's EVP interface.
public enum Digest {
    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: some Collection<UInt8>) throws -> [UInt8] {
        if let digest = try bytes.withContiguousStorageIfAvailable({ try sha256(UnsafeRawBufferPointer($0)) }) { return digest }
        return try Array(bytes).withUnsafeBytes { try sha256($0) }
    }

    private static func sha256(_ raw: UnsafeRawBufferPointer) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: 32) { output, count in
            try OpenSSLError.check(vps_sha256(raw.baseAddress, raw.count, output.baseAddress), "vps_sha256")
            count = 32
        }
    }

    /// SHA-256 of `text`'s UTF-8 bytes as lowercase hex.
    public static func sha256Hex(_ text: String) throws -> String {
        var text = text
        return try text.withUTF8 { try sha256(UnsafeRawBufferPointer($0)) }.hexString
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
