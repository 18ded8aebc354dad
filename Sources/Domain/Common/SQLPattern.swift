/// Search text inside `LIKE` patterns.
enum SQLPattern {
    /// Escapes `%`, `_` and `\` so search text matches literally.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
