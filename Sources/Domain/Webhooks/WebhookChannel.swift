import Foundation
import Postgres

/// The built-in `webhook` channel: POSTs the event body to the subscription's URL — its target
/// checked against the SSRF rules and pinned to the checked addresses — signed
/// `X-VPS-Signature: t=…,v1=…` (Stripe's scheme, the subscription's secret), with the event in
/// `X-VPS-Event` / `X-VPS-Event-Id` / `X-VPS-Delivery`. Any 2xx is delivered; anything else is
/// a failed attempt, logged with what came back (≤ 2 KB) and counted against the subscription.
public struct WebhookChannel: NotificationChannel, Sendable {
    public static let name = "webhook"
    public var name: String { Self.name }

    public let subscriptions: WebhookSubscriptions
    public let timeoutSeconds: Double

    public init(box: SecretBox, timeoutSeconds: Double = 15) {
        subscriptions = WebhookSubscriptions(box: box)
        self.timeoutSeconds = timeoutSeconds
    }

    public func deliver(_ message: OutboxMessage, on connection: PostgresConnection) throws -> String {
        let parts = message.eventKey.split(separator: ":")
        guard parts.count >= 3, let subscriptionID = Int(parts[1]) else { throw PermanentDeliveryFailure("not a webhook event key") }
        guard let live = try connection.query(
            "SELECT url, enabled AND deleted_at IS NULL AS live FROM webhook_subscriptions WHERE id = \(subscriptionID)").firstRow,
              try live.decode(Bool.self, "live"), let secret = try subscriptions.secret(of: subscriptionID, on: connection) else {
            throw PermanentDeliveryFailure("the subscription is deleted or disabled")
        }
        let url = try live.decode(String.self, "url")
        let settings = try WebhookSettings.load(on: connection)
        let body = Array(message.text.utf8)
        let started = ContinuousClock.now
        var log = WebhookDeliveryLog(subscriptionID: subscriptionID, messageID: message.id, eventID: message.recipientName,
                                     type: message.subject, attempt: message.attempts, body: message.text)
        do {
            let target = try WebhookTarget.resolve(url: url, allowPrivate: settings.allowPrivateTargets)
            let headers = [("Content-Type", "application/json"), ("User-Agent", "VPS-Portal-Webhooks/1"),
                           ("X-VPS-Event", message.subject), ("X-VPS-Event-Id", message.recipientName), ("X-VPS-Delivery", message.recipientName),
                           ("X-VPS-Signature", try WebhookSignature.header(body: body, secret: secret, at: Date()))]
            log.headers = headers.map { "\($0.0): \($0.1)" }.joined(separator: "\n")
            let response = try OutboundHTTP(connectTimeout: min(5, timeoutSeconds), totalTimeout: timeoutSeconds)
                .send("POST", url, headers: headers, body: body, resolve: target.resolveEntry.map { [$0] } ?? [])
            log.finish(status: response.status, body: response.body, error: "", after: ContinuousClock.now - started)
            guard (200..<300).contains(response.status) else { throw DeliveryRetry("the receiver answered HTTP \(response.status)") }
            try log.record(succeeded: true, settings: settings, on: connection)
            return "HTTP \(response.status)"
        } catch {
            if log.status == nil { log.finish(status: nil, body: [], error: "\(error)", after: ContinuousClock.now - started) }
            try log.record(succeeded: false, settings: settings, on: connection)
            throw error
        }
    }
}
