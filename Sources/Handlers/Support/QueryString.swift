import Foundation

/// Builds the query part of a link from name/value pairs, leaving out empty values.
enum QueryString {
    /// RFC 3986 unreserved characters; everything else is percent-encoded.
    private static let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// `path?name=value&…`, each part percent-encoded; `path` alone when nothing is left.
    static func link(_ path: String, _ pairs: [(name: String, value: String?)]) -> String {
        let parts = pairs.compactMap { pair -> String? in
            guard let value = pair.value, !value.isEmpty else { return nil }
            return encode(pair.name) + "=" + encode(value)
        }
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
