import Foundation

/// Reading the `Cookie` header and writing `Set-Cookie` values.
public enum Cookies {
    public static let session = "vps_session"
    /// Double-submit token for forms shown before sign-in (login, register).
    public static let csrf = "vps_csrf"

    /// The value of cookie `name` in the request, if any.
    public static func value(_ name: String, in request: Request) -> String? {
        guard let header = request.headers["cookie"] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            guard let equals = pair.firstIndex(of: "=") else { continue }
            if pair[..<equals] == name { return String(pair[pair.index(after: equals)...]) }
        }
        return nil
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure over HTTPS; `maxAge` 0 deletes.
    public static func setCookie(_ name: String, _ value: String, secure: Bool, maxAge: Int? = nil) -> String {
        var text = "\(name)=\(value); Path=/; HttpOnly; SameSite=Lax"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if secure { text += "; Secure" }
        return text
    }
}
