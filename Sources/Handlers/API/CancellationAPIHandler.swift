import Domain
import Foundation

/// `/api/v1/dedicated-servers/instances/{id}/cancel`: the owner or staff ask to cancel a server
/// (`{"when": "end_of_period" | "immediate"}`); staff revert a pending cancellation with DELETE.
enum CancellationAPIHandler {
    static func request(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        guard let text = try body.text("when") else { throw DomainError.invalid("when", "is required: end_of_period or immediate") }
        guard let when = ServiceCancellation.When(rawValue: text) else { throw DomainError.invalid("when", "must be end_of_period or immediate") }
        return try .json(try ServiceCancellation.request(instanceID: try context.idParameter(), when: when, by: context.caller), status: .created)
    }

    static func revert(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try ServiceCancellation.revert(instanceID: try context.idParameter(), by: context.caller))
    }
}
