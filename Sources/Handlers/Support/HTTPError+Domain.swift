import Domain

extension HTTPError {
    /// The one mapping from domain refusals to HTTP answers.
    public init(_ error: DomainError) {
        switch error {
        case .validation(let issues):
            self.init(
                .unprocessableContent, title: "Invalid input",
                detail: issues.count == 1 ? "\(issues[0].field) \(issues[0].message)" : "Some fields are not valid.",
                fieldErrors: issues.map { FieldError(field: $0.field, message: $0.message) })
        case .notFound(let detail):
            self.init(.notFound, title: "Not found", detail: detail)
        case .conflict(let detail):
            self.init(.conflict, title: "Conflict", detail: detail)
        case .forbidden(let detail):
            self.init(.forbidden, title: "Forbidden", detail: detail)
        case .unauthenticated(let detail):
            self.init(.unauthorized, title: "Not signed in", detail: detail, headers: [("WWW-Authenticate", "Bearer")])
        case .tooManyRequests(let retryAfter, let detail):
            self.init(.tooManyRequests, title: "Too many requests", detail: detail, headers: [("Retry-After", String(retryAfter))])
        case .secondFactorRequired(let detail):
            self.init(.unauthorized, title: "Two-factor code required", detail: detail,
                      fieldErrors: [FieldError(field: "X-2FA-Code", message: "is required")])
        case .secondFactorRejected(let detail):
            self.init(.forbidden, title: "Two-factor code rejected", detail: detail,
                      fieldErrors: [FieldError(field: "X-2FA-Code", message: detail)])
        }
    }
}
