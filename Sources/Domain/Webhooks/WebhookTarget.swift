import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a webhook may go (SSRF): http or https only, no credentials in the URL, and — unless
/// the settings allow private targets — neither the host as written nor ANY address it resolves
/// to may be loopback, private, link-local, shared (CGNAT), unspecified, multicast or reserved.
/// Checked when subscribing (the URL's form) and at every delivery (the resolved addresses,
/// which the request is then pinned to, so a DNS answer that changes in between cannot rebind it).
public struct WebhookTarget: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// The checked addresses the request goes to (empty when the host is an IP literal).
    public var pinned: [String]

    /// What is wrong with `url`'s form, or nil.
    public static func problem(url: String) -> String? {
        guard url.count <= 2000, !url.contains(where: { $0.isWhitespace || $0.isNewline }),
              let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parts.host, !host.isEmpty else {
            return "must be an http:// or https:// URL with a host"
        }
        if parts.user != nil || parts.password != nil { return "must not carry a user name or password" }
        return nil
    }

    /// Resolves `url`'s host and checks every address; throws a `PermanentDeliveryFailure` naming
    /// the refused address when private targets are not allowed.
    public static func resolve(url: String, allowPrivate: Bool) throws -> WebhookTarget {
        if let problem = problem(url: url) { throw PermanentDeliveryFailure("the URL \(problem)") }
        let parts = URLComponents(string: url)!
        let host = parts.host!.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let port = parts.port ?? (parts.scheme?.lowercased() == "https" ? 443 : 80)
        let literal = isLiteral(host)
        let addresses = literal ? [host] : try lookUp(host)
        guard !addresses.isEmpty else { throw PermanentDeliveryFailure("\(host) has no address") }
        if !allowPrivate, let refused = addresses.first(where: { !isPublic($0) }) {
            throw PermanentDeliveryFailure("\(host) is \(refused), a private, loopback or link-local address; not allowed by the webhook settings")
        }
        return WebhookTarget(host: host, port: port, pinned: literal ? [] : addresses)
    }

    /// libcurl's `CURLOPT_RESOLVE` entry pinning the host to the checked addresses.
    public var resolveEntry: String? {
        pinned.isEmpty ? nil : "\(host):\(port):" + pinned.map { $0.contains(":") ? "[\($0)]" : $0 }.joined(separator: ",")
    }

    static func isLiteral(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// Every address `host` resolves to, as text.
    static func lookUp(_ host: String) throws -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { throw DeliveryRetry("\(host) did not resolve") }
        defer { freeaddrinfo(list) }
        var found: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(cString: buffer)
                if !found.contains(text) { found.append(text) }
            }
            cursor = entry.pointee.ai_next
        }
        return found
    }

    /// Whether `address` (IPv4 or IPv6 text) is an ordinary public unicast address.
    public static func isPublic(_ address: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return isPublicV4(withUnsafeBytes(of: v4.s_addr) { Array($0) })
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return false }
        let b = withUnsafeBytes(of: v6) { Array($0) }
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return isPublicV4(Array(b[12..<16])) }  // ::ffff:a.b.c.d
        if b[0..<12].allSatisfy({ $0 == 0 }) { return false }  // ::, ::1 and the old IPv4-compatible form
        if b[0] & 0xFE == 0xFC { return false }  // fc00::/7 unique local
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return false }  // fe80::/10 link-local
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return false }  // fec0::/10 old site-local
        if b[0] == 0xFF { return false }  // multicast
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B { return isPublicV4(Array(b[12..<16])) }  // 64:ff9b::/96 NAT64
        return true
    }

    static func isPublicV4(_ b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168), (224...255, _): return false
        case (172, 16...31), (100, 64...127), (198, 18...19): return false
        case (192, 0) where b[2] == 0 || b[2] == 2: return false
        default: return true
        }
    }
}

/// A delivery that failed this time but may succeed on a retry (no DNS answer yet).
struct DeliveryRetry: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
