import Domain

/// `POST /api/v1/auth/password-reset` and `…/confirm`: the forgotten-password flow for JSON clients.
enum PasswordResetAPIHandler {
    struct RequestBody: Decodable {
        let email: String?
    }

    struct ConfirmBody: Decodable {
        let token: String?
        let password: String?
    }

    struct Reply: Encodable {
        let status: String
        let detail: String
    }

    /// 202 with the same body for every well-formed address: known, unknown or throttled.
    static func request(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try context.decodeJSON(RequestBody.self)
        try PasswordReset.request(email: body.email, throttle: context.services.authenticator.throttle, origin: context.origin,
                                  on: context.connection)
        return try .json(Reply(status: "accepted", detail: PasswordReset.acceptedMessage), status: .accepted)
    }

    /// Sets the new password from the emailed token; every session of the account ends.
    static func confirm(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try context.decodeJSON(ConfirmBody.self)
        try PasswordReset.confirm(token: body.token, password: body.password, hasher: context.services.authenticator.hasher,
                                  origin: context.origin, on: context.connection)
        return try .json(Reply(status: "password_changed", detail: "The new password is set; every session was signed out."))
    }
}
