import Domain
import Foundation

/// `POST /api/v1/auth/register`, `…/verify-email` and `POST /api/v1/auth/login` for JSON clients.
enum AuthAPIHandler {
    struct RegisterBody: Decodable {
        let email: String?
        let password: String?
        let name: String?
    }

    struct TokenBody: Decodable {
        let token: String?
    }

    /// The answer of register, verify-email and resend: what happened, in words.
    struct Reply: Encodable {
        let status: String
        let detail: String
    }

    struct LoginBody: Decodable {
        let email: String?
        let password: String?
        let totp: String?
    }

    struct LoginReply: Encodable {
        let token: String
        let tokenType = "Bearer"
        let scope: String
        let expiresAt: Date?
        let user: User
        /// Present only when this sign-in confirmed a pending two-factor set-up: shown this once.
        let recoveryCodes: [String]?

        enum CodingKeys: String, CodingKey {
            case token, scope, user
            case tokenType = "token_type", expiresAt = "expires_at", recoveryCodes = "recovery_codes"
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(token, forKey: .token)
            try container.encode(tokenType, forKey: .tokenType)
            try container.encode(scope, forKey: .scope)
            try container.encode(expiresAt, forKey: .expiresAt)
            try container.encode(user, forKey: .user)
            try container.encodeIfPresent(recoveryCodes, forKey: .recoveryCodes)
        }
    }

    static func register(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try context.decodeJSON(RegisterBody.self)
        try Registration.register(email: body.email, name: body.name, password: body.password, origin: context.origin,
                                  hasher: context.services.authenticator.hasher, on: context.connection)
        return try .json(Reply(status: "accepted", detail: Registration.acceptedMessage), status: .accepted)
    }

    /// Confirms the address of the emailed `token`; nobody is signed in.
    static func verifyEmail(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try context.decodeJSON(TokenBody.self)
        try EmailVerification.confirm(token: body.token, origin: context.origin, on: context.connection)
        return try .json(Reply(status: "verified", detail: "The email address is confirmed."))
    }

    /// `POST /api/v1/account/verification`: a new confirmation link for the signed-in customer.
    static func resendVerification(_ request: Request, _ context: RequestContext) throws -> Response {
        try EmailVerification.resend(by: context.caller)
        return try .json(Reply(status: "sent", detail: EmailVerification.sentMessage), status: .accepted)
    }

    /// Email, password and `totp` → a one-hour token (`APILogin`). A refused second factor names
    /// the body's `totp` field rather than the step-up header.
    static func login(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try context.decodeJSON(LoginBody.self)
        let outcome: APILogin.Outcome
        do {
            outcome = try APILogin.signIn(email: body.email, password: body.password, totp: body.totp,
                                          authenticator: context.services.authenticator, from: context.caller)
        } catch DomainError.secondFactorRequired(let detail) {
            throw HTTPError(.unauthorized, title: "Two-factor code required", detail: detail, fieldErrors: [.init(field: "totp", message: "is required")])
        } catch DomainError.secondFactorRejected(let detail) {
            throw HTTPError(.unauthorized, title: "Two-factor code rejected", detail: detail, fieldErrors: [.init(field: "totp", message: detail)])
        }
        let issued = outcome.issued
        return try .json(LoginReply(token: issued.token, scope: issued.record.scope.rawValue, expiresAt: issued.record.expiresAt,
                                    user: outcome.user, recoveryCodes: outcome.recoveryCodes))
    }
}
