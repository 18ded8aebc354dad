import Foundation
import Postgres

/// A loadable channel: an executable in `VPS_MODULES_DIR/channels/` speaking the module protocol
/// (`docs/modules.md`, "Notification channel modules"). Each delivery starts it afresh with one
/// `deliver` request on stdin — the message and the channel's opened settings — and reads one
/// answer: `{"ok": true, "id"}` is delivered; `{"ok": false, "error", "retryable"}` is retried
/// with the outbox's backoff, or dead at once when `retryable` is false. Within the settings'
/// `timeout_seconds` (default 10, 1…300), like every module call.
public struct ExternalChannel: NotificationChannel, Sendable {
    public let name: String
    /// The executable's absolute path.
    public let path: String
    let box: SecretBox

    public static let defaultTimeoutSeconds: Double = 10

    public func deliver(_ message: OutboxMessage, on connection: PostgresConnection) throws -> String {
        guard let row = try connection.query(
            "SELECT enabled, settings_sealed FROM notification_channels WHERE name = \(name)").firstRow,
              try row.decode(Bool.self, "enabled") else {
            throw PermanentDeliveryFailure("channel \(name) is not installed or not enabled")
        }
        let settings = try LoadableChannelSettings.open(try row.decode(PostgresBytes?.self, "settings_sealed"), box: box)
        let secrets = settings.compactMap { key, value in
            if case .string(let text) = value, text.count >= 4, Self.isSecretKey(key) { text } else { nil }
        }
        let request: JSONValue = .object([
            "protocol": .number(Double(ExternalModule.protocolVersion)), "action": .string("deliver"), "channel": .string(name),
            "settings": .object(settings),
            "message": .object([
                "id": .number(Double(message.id)), "event_key": .string(message.eventKey), "attempt": .number(Double(message.attempts)),
                "recipient": .string(message.recipient), "recipient_name": .string(message.recipientName),
                "subject": .string(message.subject), "text": .string(message.text), "html": .string(message.html),
            ]),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let log = JobLog()
        let result = try ModuleProcess(label: "channel \(name)", name: name, path: path)
            .run(input: try encoder.encode(request), timeout: timeout(settings), action: "deliver", log: log)
        result.logStderr(to: log, hiding: secrets)
        let stderr = log.lines.dropFirst()
        if !stderr.isEmpty { FileHandle.standardError.write(Data(stderr.map { "channel \(name): \($0)\n" }.joined().utf8)) }
        if let failure = result.failure { throw failure }
        guard let output = result.output, case .object(let answer)? = try? JSONDecoder().decode(JSONValue.self, from: Data(output)),
              case .bool(let ok)? = answer["ok"] else { throw result.unreadable(hiding: secrets) }
        if ok { return ExternalGatewayAnswer.text(answer["id"], limit: 500) ?? "channel \(name)" }
        let text = ExternalGatewayAnswer.text(answer["error"], limit: 1000).map { ExternalModuleText.hiding(secrets, in: $0) }
            ?? "channel \(name) failed without saying why"
        if case .bool(false)? = answer["retryable"] { throw PermanentDeliveryFailure(text) }
        throw ModuleError(text)
    }

    /// Settings whose values are hidden wherever the program's words are quoted (tokens, webhook URLs).
    static func isSecretKey(_ key: String) -> Bool {
        let lower = key.lowercased()
        return ["token", "secret", "password", "key", "url", "webhook", "credential"].contains { lower.contains($0) }
    }

    /// `timeout_seconds` from the settings, clamped like a provisioning module's.
    private func timeout(_ settings: [String: JSONValue]) -> Double {
        guard case .number(let seconds)? = settings["timeout_seconds"], seconds.isFinite else { return Self.defaultTimeoutSeconds }
        return ExternalModule.timeoutSeconds(in: .object(["timeout_seconds": .number(seconds)]))
    }
}
