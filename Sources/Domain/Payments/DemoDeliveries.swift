import Foundation
import Postgres

/// The demo gateway's "bank" side, run by `vpsctl jobs`: takes a queued delivery with
/// `FOR UPDATE SKIP LOCKED`, signs the event at send time and POSTs it to the portal's
/// `/webhooks/demo` — over HTTP through nginx when a base URL is configured (`VPS_BASE_URL`,
/// written by `make start`), else through the same intake in process. Retried with backoff.
public struct DemoDeliveries: Sendable {
    /// How a signed notification reaches the portal.
    public enum Transport: Sendable {
        /// `POST <base>/webhooks/demo` (`OutboundHTTP`).
        case http(baseURL: String)
        /// `WebhookIntake.receive` on the runner's connection (tests, stacks without a base URL).
        case inProcess
    }

    public let gateways: PaymentGateways
    public let transport: Transport

    public init(gateways: PaymentGateways, transport: Transport) {
        self.gateways = gateways
        self.transport = transport
    }

    /// Delivers the next ready notification; false when none was ready.
    public func runNext(runnerKey: Int64, on connection: PostgresConnection) throws -> Bool {
        guard let taken = try SideQueue.take(table: "demo_gateway_deliveries", key: "id", runnerKey: runnerKey,
                                             returning: "id, checkout_session_id, event_id, attempts, max_attempts", on: connection) else { return false }
        let id = try taken.decode(Int.self, "id"), attempts = try taken.decode(Int.self, "attempts")
        do {
            let session = try connection.query(
                "SELECT \(unescaped: CheckoutSessionRecord.columns) FROM checkout_sessions WHERE id = \(try taken.decode(String.self, "checkout_session_id"))"
            )[0]
            let body = DemoGateway.completedEvent(eventID: try taken.decode(String.self, "event_id"), session: try CheckoutSessionRecord(row: session))
            guard let secret = try gateways.webhookSecret(of: "demo", on: connection) else { throw DemoDeliveryError("the demo gateway has no webhook secret") }
            try send(body, signature: try WebhookSignature.header(body: body, secret: secret, at: Date()), on: connection)
            try connection.query("UPDATE demo_gateway_deliveries SET status = 'delivered', locked_by = NULL WHERE id = $1", [id])
        } catch {
            try SideQueue.recordFailure(table: "demo_gateway_deliveries", key: "id", errorColumn: "last_error", id: id, runnerKey: runnerKey,
                                        attempts: attempts, final: attempts >= (try taken.decode(Int.self, "max_attempts")), error: error,
                                        on: connection)
        }
        return true
    }

    private func send(_ body: [UInt8], signature: String, on connection: PostgresConnection) throws {
        switch transport {
        case .inProcess:
            let origin = RequestOrigin(address: "jobs", userAgent: "demo gateway", requestID: "demo-delivery")
            do {
                _ = try WebhookIntake(gateways: gateways).receive(gateway: "demo", body: body, headers: [DemoGateway.signatureHeader: signature],
                                                                  origin: origin, on: connection)
            } catch let refused as WebhookIntake.Refused {
                throw DemoDeliveryError("refused: \(refused.reason.rawValue)")
            }
        case .http(let baseURL):
            let status = try Self.post(body, to: baseURL + "/webhooks/demo", signature: signature)
            guard status == 200 else { throw DemoDeliveryError("POST /webhooks/demo answered \(status)") }
        }
    }

    /// POSTs the signed event; returns the status code.
    static func post(_ body: [UInt8], to url: String, signature: String) throws -> Int {
        try OutboundHTTP(connectTimeout: 5, totalTimeout: 10)
            .send("POST", url, headers: [("Content-Type", "application/json"), ("Stripe-Signature", signature)], body: body).status
    }
}

struct DemoDeliveryError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
