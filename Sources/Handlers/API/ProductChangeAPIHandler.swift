import Domain
import Foundation

/// `POST /api/v1/dedicated-servers/instances/{id}/change-product` (`{"product_id"}`): the owner, or
/// staff with `X-2FA-Code`, move a running server to another product of its module; answers the
/// change and, for an upgrade, its invoice.
enum ProductChangeAPIHandler {
    static func request(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        guard let productID = try body.integer("product_id") else { throw DomainError.invalid("product_id", "is required") }
        let outcome = try ServiceProductChange(twoFactor: context.services.twoFactor).request(
            instanceID: try context.idParameter(), productID: productID, by: context.caller, code: context.stepUpCode)
        return try .json(outcome, status: .created)
    }
}
