import Foundation

/// Validation of account fields, shared by the CLI, the pages and the API.
public enum AccountInput {
    public static let minimumPasswordLength = 10
    public static let maximumPasswordLength = 1024

    /// A trimmed, lower-cased email, or a field issue.
    public static func email(_ text: String?, field: String = "email") -> Result<String, FieldIssue> {
        let email = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !email.isEmpty else { return .failure(FieldIssue(field: field, message: "is required")) }
        guard email.count <= 254 else { return .failure(FieldIssue(field: field, message: "must be at most 254 characters")) }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !email.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "\0" })
        else { return .failure(FieldIssue(field: field, message: "must be an email address like name@example.com")) }
        return .success(email)
    }

    /// A display name: trimmed, at most 200 characters, no control characters.
    public static func name(_ text: String?, field: String = "name") -> Result<String, FieldIssue> {
        let name = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard name.count <= 200 else { return .failure(FieldIssue(field: field, message: "must be at most 200 characters")) }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return .failure(FieldIssue(field: field, message: "must not contain control characters"))
        }
        return .success(name)
    }

    /// A new password for the account with `email`: long enough, not absurdly long, not a common
    /// or breached password (OWASP ASVS 2.1.7) and not built on the email's name.
    public static func password(_ text: String?, email: String?, field: String = "password") -> Result<String, FieldIssue> {
        let password = text ?? ""
        guard password.count >= minimumPasswordLength else {
            return .failure(FieldIssue(field: field, message: "must be at least \(minimumPasswordLength) characters"))
        }
        guard password.utf8.count <= maximumPasswordLength else {
            return .failure(FieldIssue(field: field, message: "must be at most \(maximumPasswordLength) bytes"))
        }
        guard !password.contains("\0") else { return .failure(FieldIssue(field: field, message: "must not contain NUL")) }
        guard !CommonPasswords.contains(password) else {
            return .failure(FieldIssue(field: field, message: "is one of the most common passwords, the first an attacker tries; choose another"))
        }
        if let name = emailName(email), password.lowercased().contains(name) {
            return .failure(FieldIssue(field: field, message: "must not contain your email's name (\(name)); choose another"))
        }
        return .success(password)
    }

    /// The part of an email before "@", lower-cased, when it is long enough to matter.
    static func emailName(_ email: String?) -> String? {
        guard let email, let at = email.lastIndex(of: "@") else { return nil }
        let name = email[..<at].trimmingCharacters(in: .whitespaces).lowercased()
        return name.count >= 3 ? name : nil
    }
}

extension Result where Failure == FieldIssue {
    /// The value, or nil after appending the issue to `issues`.
    public func collect(into issues: inout [FieldIssue]) -> Success? {
        switch self {
        case .success(let value): return value
        case .failure(let issue):
            issues.append(issue)
            return nil
        }
    }
}
