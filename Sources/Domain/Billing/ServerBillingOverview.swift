import Foundation
import Postgres

/// A server's billing as its pages show it: the pending cancellation, the pending product change
/// and the products it could move to now with what each would cost today.
public struct ServerBillingOverview: Sendable {
    /// The cancellation state (`when` nil: none asked).
    public var cancellation: ServiceCancellation.Outcome
    /// A product change waiting for its invoice to be paid, and the product it goes to.
    public var pendingChange: ProductChange?
    public var pendingProductName: String
    /// Products the server can move to now (empty when it cannot change product).
    public var quotes: [ProductChangeQuote]
    /// The currency the service is billed in.
    public var currency: String

    /// The billing of server `serverID`, which the caller was already allowed to see.
    static func load(serverID: Int, for caller: Caller, at moment: Date = Date()) throws -> ServerBillingOverview {
        let connection = caller.connection
        let pending = try ProductChange.pending(serviceID: serverID, on: connection)
        let name = try pending.flatMap { try Products.find(id: $0.toProductID, on: connection)?.name } ?? ""
        return ServerBillingOverview(
            cancellation: try ServiceCancellation.outcome(instanceID: serverID, job: nil, on: connection), pendingChange: pending,
            pendingProductName: name, quotes: try ServiceProductChange.quotes(instanceID: serverID, for: caller, at: moment),
            currency: try connection.query("SELECT currency FROM server_instances WHERE id = $1", [serverID])[0].decode(String.self, "currency"))
    }
}
