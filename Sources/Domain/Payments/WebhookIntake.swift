import Foundation
import Postgres

/// `POST /webhooks/{gateway}`: verifies a notification on its exact bytes, stores it once per
/// (gateway, event id) and queues it for the job runner — nothing is applied in the request.
/// A refused one is stored as refused (staff see it) and written to the session log.
public struct WebhookIntake: Sendable {
    public let gateways: PaymentGateways

    public init(gateways: PaymentGateways) {
        self.gateways = gateways
    }

    /// What became of a genuine notification.
    public enum Outcome: Equatable, Sendable {
        /// Stored and queued as notification `id`.
        case queued(id: Int)
        /// The same event was received before; nothing new was stored.
        case duplicate
    }

    /// A notification refused: answered 400.
    public struct Refused: Error, Equatable {
        public var reason: WebhookSignature.Refusal
    }

    /// Bodies kept of refused notifications (the stored hash covers the whole body).
    static let keptRefusedBytes = 65_536

    /// `headers` with lower-case names.
    public func receive(gateway name: String, body: [UInt8], headers: [String: String], origin: RequestOrigin, now: Date = Date(),
                        on connection: PostgresConnection) throws -> Outcome {
        guard let module = PaymentGateways.module(named: name), let settings = try PaymentGateways.settings(named: name, on: connection),
              settings.enabled else { throw DomainError.notFound("No such payment gateway.") }
        let hash = try Digest.sha256(body).hexString
        let event: GatewayEvent
        do {
            guard let secret = try gateways.webhookSecret(of: name, on: connection) else { throw WebhookSignature.Refusal.badSignature }
            event = try module.verify(body: body, headers: headers, secret: secret, now: now)
        } catch let refusal as WebhookSignature.Refusal {
            try connection.query(
                """
                INSERT INTO payment_notifications (gateway, body_sha256, raw_body, verification, status, remote_address)
                VALUES (\(name), \(hash), \(PostgresBytes(Array(body.prefix(Self.keptRefusedBytes)))), \(refusal.rawValue), 'refused', \(origin.address))
                """)
            try SessionLog.record(on: connection, .webhookRefused, origin: origin,
                                  detail: "POST /webhooks/\(name): \(refusal.rawValue), body sha256 \(hash)")
            throw Refused(reason: refusal)
        }
        let inserted = try connection.query(
            """
            INSERT INTO payment_notifications (gateway, event_id, event_type, body_sha256, raw_body, verification, status, remote_address)
            VALUES (\(name), \(event.eventID), \(event.type), \(hash), \(PostgresBytes(body)), 'verified', 'queued', \(origin.address))
            ON CONFLICT (gateway, event_id) DO NOTHING RETURNING id
            """)
        guard let row = inserted.firstRow else { return .duplicate }
        return .queued(id: try row.decode(Int.self, "id"))
    }
}
