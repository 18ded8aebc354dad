/// ASCII-only text operations for protocol names (header names, cookie names), which are
/// ASCII by definition; Foundation's locale-aware versions cost a bridge per call on the hot path.
package enum ASCIIText {
    /// Whether `a` and `b` are equal ignoring ASCII case.
    package static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return zip(a.utf8, b.utf8).allSatisfy { lowercase($0) == lowercase($1) }
    }

    /// A CGI parameter name such as `HTTP_USER_AGENT` (without the prefix) as a header name: `user-agent`.
    package static func headerName(fromCGI name: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: name.count) { buffer in
            for (index, byte) in name.enumerated() { buffer[index] = byte == UInt8(ascii: "_") ? UInt8(ascii: "-") : lowercase(byte) }
            return name.count
        }
    }

    package static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
