import Domain
import Foundation

/// `/api/v1/tokens`: a user's own API tokens — list, create (shown once), revoke.
enum TokensAPIHandler {
    struct CreateBody: Decodable {
        let name: String?
        let scope: String?
    }

    struct Created: Encodable {
        let token: String
        let record: APIToken

        func encode(to encoder: Encoder) throws {
            try record.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(token, forKey: .token)
        }

        enum Key: String, CodingKey { case token }
    }

    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        return try .json(ListBody(items: try APITokens.list(userID: user.id, on: context.connection), nextCursor: nil))
    }

    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        let body = try context.decodeJSON(CreateBody.self)
        guard let scope = APIToken.Scope(rawValue: body.scope ?? "read") else {
            throw DomainError.invalid("scope", "must be read or write")
        }
        let issued = try APITokens.issue(
            on: context.connection, user: user, name: body.name, scope: scope, actor: context.actor, origin: context.origin)
        return try .json(Created(token: issued.token, record: issued.record), status: .created)
    }

    static func revoke(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        try APITokens.revoke(
            tokenID: try context.idParameter(), ownerID: user.id, on: context.connection, actor: context.actor, origin: context.origin)
        return Response(status: .noContent)
    }

    static func me(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try context.requireUser())
    }
}
