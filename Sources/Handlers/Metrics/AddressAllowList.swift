import Foundation

/// Who may read `/metrics`: IPv4 networks in CIDR notation and exact addresses (`VPS_METRICS_ALLOW`,
/// comma-separated; default loopback). Checked against the FastCGI REMOTE_ADDR nginx sends.
public struct AddressAllowList: Sendable, Equatable {
    private var networks: [(address: UInt32, mask: UInt32)]
    private var exact: Set<String>

    public static let loopback = AddressAllowList(parsing: "127.0.0.0/8,::1")

    /// Entries that are neither a CIDR network nor an IPv4 address are taken as exact strings (IPv6).
    public init(parsing text: String) {
        networks = []
        exact = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/")
            if let address = Self.ipv4(String(parts[0])), parts.count <= 2, let bits = parts.count == 2 ? Int(parts[1]) : 32, (0...32).contains(bits) {
                let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
                networks.append((address & mask, mask))
            } else {
                exact.insert(entry)
            }
        }
    }

    public func allows(_ remote: String) -> Bool {
        if exact.contains(remote) { return true }
        guard let address = Self.ipv4(remote) else { return false }
        return networks.contains { address & $0.mask == $0.address }
    }

    static func ipv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard octets.count == 4 else { return nil }
        return octets.reduce(0) { $0 << 8 | UInt32($1) }
    }

    public static func == (lhs: AddressAllowList, rhs: AddressAllowList) -> Bool {
        lhs.exact == rhs.exact && lhs.networks.map(\.address) == rhs.networks.map(\.address) && lhs.networks.map(\.mask) == rhs.networks.map(\.mask)
    }
}
