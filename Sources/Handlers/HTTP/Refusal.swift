import Domain

/// A page request the use case refused, as the page's form shows it: the answer its JSON twin
/// gives (status, detail, headers such as `Retry-After`) plus the field issues and, for an
/// edit based on an old version, the current state.
public struct Refusal {
    /// The HTTP answer, exactly as the JSON twin would send it.
    public let error: HTTPError
    /// Field issues of a validation refusal (empty otherwise).
    public let issues: [FieldIssue]
    /// The current state when the edit was based on an old version.
    public let stale: StaleVersion?

    /// The refusal for `error` when a page can show it, else nil (the error page answers).
    init?(_ error: Error) {
        switch error {
        case let domain as DomainError:
            self.error = HTTPError(domain)
            if case .validation(let issues) = domain { self.issues = issues } else { self.issues = [] }
            stale = nil
        case let stale as StaleVersion:
            self.error = HTTPError(stale)
            issues = []
            self.stale = stale
        default:
            return nil
        }
    }

    /// What to tell the person: the field issues in words, else the detail.
    public var message: String {
        issues.isEmpty ? error.detail : "Not saved: " + issues.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
    }

    /// The message for one field, if it has one.
    public func issue(_ field: String) -> String? {
        issues.first { $0.field == field }?.message
    }
}
