/// The shipped list of common and breached passwords (`CommonPasswordList.swift`), and the one
/// question asked of it: is a new password, or the word it is built on, on the list?
public enum CommonPasswords {
    static let list: Set<Substring> = Set(listText.split(separator: "\n"))

    /// True when `password` (case-insensitively) is on the list, or is a listed word followed
    /// only by digits, spaces and punctuation ("password1234", "iloveyou2024!").
    public static func contains(_ password: String) -> Bool {
        let lowered = password.lowercased()
        if list.contains(Substring(lowered)) { return true }
        var base = Substring(lowered)
        while let last = base.last, last.isNumber || last.isPunctuation || last.isSymbol || last.isWhitespace {
            base = base.dropLast()
        }
        return base.count < lowered.count && !base.isEmpty && list.contains(base)
    }
}
