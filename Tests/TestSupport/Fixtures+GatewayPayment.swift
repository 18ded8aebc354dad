@testable import Domain
import Foundation
import Postgres

/// A demo gateway payment taken end to end: checkout, signed notification, queue run.
public struct GatewayPayment: Sendable {
    public let customer: User
    public let invoiceID: Int
    public let transactionID: Int
    public let gatewayTransactionID: String
    public let amount: Money
}

extension Fixtures {
    /// A new customer's order invoice (10.00, manual module) paid in full through `demo`, enabled here if it is not.
    public static func paidByDemo(on connection: PostgresConnection) throws -> GatewayPayment {
        let gateways = PaymentGateways(box: try box())
        try PaymentSettingsChange(gateways: gateways, twoFactor: TwoFactor(box: try box())).enableDemo(on: connection)
        let secret = try gateways.webhookSecret(of: "demo", on: connection) ?? ""
        let user = try customer(on: connection)
        let order = try OrderPlacement.place(customerID: user.id, lines: [OrderLine(productID: try product(on: connection).id, billingCycle: .monthly)],
                                             on: connection, actor: .commandLine, origin: .commandLine)
        let invoiceID = order.invoiceID ?? 0
        let session = try CheckoutSessions.start(invoiceID: invoiceID, gateway: "demo",
                                                 by: Caller(user: user, origin: .commandLine, connection: connection)).session
        let body = DemoGateway.completedEvent(eventID: "evt_\(session.id)", session: session)
        _ = try WebhookIntake(gateways: gateways).receive(
            gateway: "demo", body: body, headers: ["stripe-signature": try WebhookSignature.header(body: body, secret: secret, at: Date())],
            origin: RequestOrigin(address: "192.0.2.1"), on: connection)
        while try PaymentEventQueue.runNext(runnerKey: 7, on: connection) {}
        let row = try connection.query(
            "SELECT id, gateway_transaction_id, amount FROM payment_transactions WHERE invoice_id = $1 AND payment_id IS NOT NULL", [invoiceID])[0]
        return GatewayPayment(customer: user, invoiceID: invoiceID, transactionID: try row.decode(Int.self, "id"),
                              gatewayTransactionID: try row.decode(String.self, "gateway_transaction_id"), amount: try row.decode(Money.self, "amount"))
    }

    /// Forgets `user`'s last accepted TOTP step, so a test can step up again within one time step.
    public static func allowNextCode(_ user: User, on connection: PostgresConnection) throws {
        try connection.query("UPDATE users SET totp_last_step = NULL WHERE id = $1", [user.id])
    }
}
