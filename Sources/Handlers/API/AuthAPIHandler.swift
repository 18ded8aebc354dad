import Domain
import Foundation

/// `POST /api/v1/auth/register` and `POST /api/v1/auth/login` for JSON clients.
enum AuthAPIHandler {
    struct RegisterBody: Decodable {
        let email: String?
        let password: String?
        let name: String?
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

        enum CodingKeys: String, CodingKey {
            case token, scope, user
            case tokenType = "token_type", expiresAt = "expires_at"
        }
    }

    static func register(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try context.decodeJSON(RegisterBody.self)
        let user = try Users.create(
            on: context.connection, email: body.email, name: body.name, password: body.password, role: .customer,
            actor: .selfService, origin: context.origin)
        var response = try Response.json(user, status: .created)
        response.setHeader("Location", "/api/v1/customers/\(user.id)")
        return response
    }

    static func login(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try context.decodeJSON(LoginBody.self)
        let authenticator = context.services.authenticator
        let user = try authenticator.verifyPassword(email: body.email, password: body.password, on: context.connection, origin: context.origin)
        if user.twoFactorEnabled {
            do {
                try authenticator.verifySecondFactor(user: user, code: body.totp, on: context.connection, origin: context.origin)
            } catch DomainError.secondFactorRequired(let detail) {
                throw HTTPError(.unauthorized, title: "Two-factor code required", detail: detail,
                                fieldErrors: [.init(field: "totp", message: "is required for this account")])
            } catch DomainError.secondFactorRejected(let detail) {
                throw HTTPError(.unauthorized, title: "Two-factor code rejected", detail: detail,
                                fieldErrors: [.init(field: "totp", message: detail)])
            }
        } else if user.role.isStaff {
            throw DomainError.forbidden("Staff must set up two-factor sign-in in the browser before using the API.")
        }
        let issued = try APITokens.issue(
            on: context.connection, user: user, name: "login \(context.origin.address)", scope: .write,
            lifetime: APITokens.loginTokenLifetime, actor: Actor(user), origin: context.origin)
        try SessionLog.record(on: context.connection, .tokenIssued, userID: user.id, email: user.email, origin: context.origin, detail: "API login")
        return try .json(LoginReply(token: issued.token, scope: issued.record.scope.rawValue, expiresAt: issued.record.expiresAt, user: user))
    }
}
