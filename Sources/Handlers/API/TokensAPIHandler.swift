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
        try .json(ListBody(items: try APITokens.list(for: context.caller), nextCursor: nil))
    }

    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try context.decodeJSON(CreateBody.self)
        let issued = try APITokens.issue(name: body.name, scope: body.scope, by: context.caller)
        return try .json(Created(token: issued.token, record: issued.record), status: .created)
    }

    static func revoke(_ request: Request, _ context: RequestContext) throws -> Response {
        try APITokens.revoke(tokenID: try context.idParameter(), by: context.caller)
        return Response(status: .noContent)
    }

    static func me(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try context.user)
    }
}
