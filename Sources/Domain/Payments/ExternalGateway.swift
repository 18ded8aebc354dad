import Foundation

/// A loadable payment gateway: an executable in `VPS_MODULES_DIR/gateways/` speaking the module
/// protocol (`docs/modules.md`, "Payment gateway modules"). Every operation starts it afresh with
/// one JSON request on stdin and reads one JSON answer from stdout (`ModuleProcess`), within the
/// option `timeout_seconds` (default 10, 1…300).
///
/// The executable only verifies and reads; the portal stores every notification and applies it
/// exactly once (`WebhookIntake`, `PaymentEventQueue`). Whatever the program does, the portal gets
/// an answer: a start or a refund throws a readable `ModuleError` (for a refund: outcome unknown),
/// a notification it cannot verify is refused (`unreadable_event`, the reason on stderr).
public struct ExternalGateway: PaymentGateway {
    public let name: String
    /// The executable's absolute path.
    public let path: String

    /// Time limit when the options name none: a notification is verified inside the web request.
    public static let defaultTimeoutSeconds: Double = 10

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    public func startCheckout(_ checkout: Checkout, settings: GatewaySettings) throws -> CheckoutStart {
        let returnURL = (checkout.portalURL ?? "") + checkout.returnPath
        let answer = try ExternalGatewayCall(gateway: self, settings: settings).run(
            "start_checkout",
            ["api_key": checkout.secretKey.map(JSONValue.string) ?? .null,
             "checkout": .object(["session_id": .string(checkout.sessionID), "invoice_id": .number(Double(checkout.invoiceID)),
                                  "invoice_number": .string(checkout.invoiceNumber), "amount": .string(checkout.amount.description),
                                  "currency": .string(checkout.currency), "return_url": .string(returnURL)])],
            hiding: [checkout.secretKey].compactMap { $0 })
        guard let url = ExternalGatewayAnswer.text(answer["url"], limit: 2000), Self.isAcceptableURL(url),
              let session = ExternalGatewayAnswer.text(answer["gateway_session_id"], limit: 200) else {
            throw ModuleError("gateway \(name) answered start_checkout without a usable \"url\" (http(s) or a path) and \"gateway_session_id\"",
                              retryable: false)
        }
        return CheckoutStart(url: url, gatewaySessionID: session)
    }

    public func verify(body: [UInt8], headers: [String: String], secret: String, now: Date) throws(WebhookSignature.Refusal) -> GatewayEvent {
        let notification: JSONValue = .object([
            "body_base64": .string(Data(body).base64EncodedString()), "headers": .object(headers.mapValues(JSONValue.string)),
            "now": .string(ISO8601DateFormatter().string(from: now)),
        ])
        return try event("verify_notification", ["notification": notification, "webhook_secret": .string(secret)], hiding: [secret])
    }

    public func readEvent(_ body: [UInt8]) throws(WebhookSignature.Refusal) -> GatewayEvent {
        try event("read_notification", ["notification": .object(["body_base64": .string(Data(body).base64EncodedString())])], hiding: [])
    }

    public func refund(transaction: PaymentRecords.Transaction, amount: Money, settings: GatewaySettings, secretKey: String?, key: String) throws -> GatewayRefund {
        let answer: [String: JSONValue]
        do {
            answer = try ExternalGatewayCall(gateway: self, settings: settings).run(
                "refund",
                ["api_key": secretKey.map(JSONValue.string) ?? .null,
                 "refund": .object(["transaction_id": .string(transaction.gatewayTransactionID), "amount": .string(amount.description),
                                    "currency": .string(transaction.currency), "invoice_id": .number(Double(transaction.invoiceID)),
                                    "idempotency_key": .string(key)])],
                hiding: [secretKey].compactMap { $0 })
        } catch let refusal as ExternalGatewayRefusal {
            throw GatewayRefundRefusal(reason: refusal.reason)
        }
        guard let refundID = ExternalGatewayAnswer.text(answer["refund_id"], limit: 200) else {
            throw ModuleError("gateway \(name) answered refund without a \"refund_id\"; whether money moved is unknown", retryable: false)
        }
        return GatewayRefund(refundID: refundID, note: ExternalGatewayAnswer.text(answer["note"], limit: 500) ?? "Refunded by gateway \(name).")
    }

    /// The event in the answer to `action`; a refusal as the program words it, anything else `unreadable_event`.
    private func event(_ action: String, _ fields: [String: JSONValue], hiding secrets: [String]) throws(WebhookSignature.Refusal) -> GatewayEvent {
        do {
            // The protocol hands verification no settings: the options' time limit does not apply here.
            let answer = try ExternalGatewayCall(gateway: self, settings: nil).run(action, fields, hiding: secrets)
            guard let event = ExternalGatewayAnswer.event(answer["event"]) else {
                throw ModuleError("gateway \(name) answered \(action) without a readable \"event\"", retryable: false)
            }
            return event
        } catch let refusal as ExternalGatewayRefusal {
            throw WebhookSignature.Refusal(rawValue: refusal.reason) ?? .badSignature
        } catch {
            FileHandle.standardError.write(Data("gateway \(name): \(action): \(error) — the notification is refused\n".utf8))
            throw .unreadableEvent
        }
    }

    /// An http(s) URL with a host, or a path on the portal (not `//host`).
    static func isAcceptableURL(_ url: String) -> Bool {
        if url.hasPrefix("/") { return !url.hasPrefix("//") }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { return false }
        return URL(string: url)?.host.map { !$0.isEmpty } ?? false
    }
}

/// The gateway program's refusal: a notification's (`bad_signature` …) or a refund's (its own words).
struct ExternalGatewayRefusal: Error {
    var reason: String
}
