
/// `VPS_FASTCGI_LISTEN`: the TCP address (`10.0.0.2:9000`) an app host serves FastCGI on, for an
/// nginx on another machine. FastCGI carries no authentication, so only a private or loopback
/// IPv4 address is accepted unless `VPS_FASTCGI_LISTEN_PUBLIC=1` says the operator firewalls it.
public struct FastCGIListenAddress: Equatable, Sendable {
    /// Why an address was refused (the message names the setting).
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public let host: String
    public let port: Int

    /// libfcgi's spelling for `FCGX_OpenSocket`: `host:port`.
    public var libfcgiPath: String { "\(host):\(port)" }

    /// Parses and checks `text`; throws naming the setting when it is malformed or public.
    public init(_ text: String, allowPublic: Bool = false) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port) else {
            throw Invalid(description: "VPS_FASTCGI_LISTEN must be ADDRESS:PORT with an IPv4 address, e.g. 10.0.0.2:9000 (got \(text))")
        }
        let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard octets.count == 4 else {
            throw Invalid(description: "VPS_FASTCGI_LISTEN needs an IPv4 address, not \(parts[0]) (a name could resolve to a public address)")
        }
        guard allowPublic || Self.isPrivate(octets) else {
            throw Invalid(description: "VPS_FASTCGI_LISTEN=\(text) is not a private address: FastCGI has no authentication. "
                                  + "Bind to the private network nginx reaches the app hosts on, or set VPS_FASTCGI_LISTEN_PUBLIC=1 behind a firewall")
        }
        host = String(parts[0])
        self.port = port
    }

    /// Loopback, RFC 1918 and shared address space (RFC 6598).
    static func isPrivate(_ octets: [UInt8]) -> Bool {
        switch (octets[0], octets[1]) {
        case (127, _), (10, _), (192, 168): return true
        case (172, 16...31), (100, 64...127): return true
        default: return false
        }
    }
}
