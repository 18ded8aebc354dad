/// Reading the `Cookie` header and writing `Set-Cookie` values.
public enum Cookies {
    public static let session = "vps_session"
    /// Double-submit token for forms shown before sign-in (login, register).
    public static let csrf = "vps_csrf"

    /// The value of cookie `name` in the request, if any.
    public static func value(_ name: String, in request: Request) -> String? {
        guard let header = request.headers["cookie"] else { return nil }
        for part in header.split(separator: ";") {
            let pair = trimmed(part)
            guard let equals = pair.firstIndex(of: "=") else { continue }
            if pair[..<equals] == name { return String(pair[pair.index(after: equals)...]) }
        }
        return nil
    }

    /// Without surrounding spaces and tabs (Foundation's trimming bridges through NSString per call).
    private static func trimmed(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else {
            return text[text.endIndex...]
        }
        return text[first...last]
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure over HTTPS; `maxAge` 0 deletes.
    public static func setCookie(_ name: String, _ value: String, secure: Bool, maxAge: Int? = nil) -> String {
        var text = "\(name)=\(value); Path=/; HttpOnly; SameSite=Lax"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if secure { text += "; Secure" }
        return text
    }
}
