import Foundation

/// An email address with an optional display name, safe to put in a header: the address is refused
/// when it holds anything but a plain `local@domain` (no CR/LF, spaces, quotes, brackets or
/// commas), and control characters in the name become spaces — nothing can start a new header.
public struct MailAddress: Sendable, Equatable {
    public let address: String
    public let name: String

    /// Throws `DomainError.invalid(field, …)` when `address` is not a plain address.
    public init(_ address: String, name: String = "", field: String = "email") throws {
        let bytes = Array(address.utf8)
        let forbidden = Set("<>()[],;:\\\" ".utf8)
        guard (3...254).contains(bytes.count), bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }),
              bytes.filter({ $0 == UInt8(ascii: "@") }).count == 1, bytes.first != UInt8(ascii: "@"), bytes.last != UInt8(ascii: "@")
        else { throw DomainError.invalid(field, "is not a valid email address") }
        self.address = address
        self.name = String(String.UnicodeScalarView(name.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
            .trimmingCharacters(in: .whitespaces)
    }

    /// The part after the `@`.
    public var domain: String { String(address[address.index(after: address.firstIndex(of: "@")!)...]) }

    /// `Name <address>` for a header: the name as a quoted string when plain ASCII, else as RFC 2047 encoded words.
    public var header: String {
        guard !name.isEmpty else { return address }
        let quoted: String
        if name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            quoted = "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        } else {
            quoted = EncodedWord.encode(name)
        }
        return quoted + " <" + address + ">"
    }
}
