import COpenSSL

/// HMAC-SHA256 through OpenSSL, and a byte comparison whose time does not depend on where the bytes differ.
public enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`.
    public static func mac(key: [UInt8], message: [UInt8]) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard HMAC(EVP_sha256(), key, Int32(key.count), message, message.count, &output, &length) != nil else {
            try OpenSSLError.check(0, "HMAC")
            return []
        }
        return Array(output.prefix(Int(length)))
    }

    /// True when `left` and `right` are the same bytes; compares every byte whatever it finds.
    public static func constantTimeEquals(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
