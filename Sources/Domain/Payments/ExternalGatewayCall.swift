import Foundation

/// One request to a gateway executable and its answer: `{"protocol": 1, "action", "gateway",
/// "settings", …fields}` in, `{"ok": true, …}` or `{"ok": false, "refused" | "error"}` out.
struct ExternalGatewayCall {
    let gateway: ExternalGateway
    /// The gateway's stored settings; nil for the notification actions (the protocol has none there).
    let settings: GatewaySettings?

    /// The answer's members when it says `ok: true`. Throws `ExternalGatewayRefusal` for
    /// `{"ok": false, "refused": reason}` and `ModuleError` for everything else.
    func run(_ action: String, _ fields: [String: JSONValue], hiding secrets: [String]) throws -> [String: JSONValue] {
        let label = "gateway \(gateway.name)"
        var request = fields
        request["protocol"] = .number(Double(ExternalModule.protocolVersion))
        request["action"] = .string(action)
        request["gateway"] = .string(gateway.name)
        request["settings"] = .object(settings?.options ?? [:])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let input = try encoder.encode(JSONValue.object(request))
        let log = JobLog()
        let result = try ModuleProcess(label: label, name: gateway.name, path: gateway.path)
            .run(input: input, timeout: timeout, action: action, log: log)
        result.logStderr(to: log, hiding: secrets)
        defer { Self.report(log) }
        if let failure = result.failure { throw failure }
        guard let output = result.output, case .object(let answer)? = try? JSONDecoder().decode(JSONValue.self, from: Data(output)),
              case .bool(let ok)? = answer["ok"] else { throw result.unreadable(hiding: secrets) }
        if ok { return answer }
        if let reason = ExternalGatewayAnswer.text(answer["refused"], limit: 500) {
            throw ExternalGatewayRefusal(reason: ExternalModuleText.hiding(secrets, in: reason))
        }
        let text = ExternalGatewayAnswer.text(answer["error"], limit: 1000).map { ExternalModuleText.hiding(secrets, in: $0) }
        var retryable = true
        if case .bool(let flag)? = answer["retryable"] { retryable = flag }
        throw ModuleError(text ?? "\(label) failed without saying why", retryable: retryable)
    }

    /// `timeout_seconds` from the options, clamped like a provisioning module's; 10 s by default.
    var timeout: Double {
        guard case .number(let seconds)? = settings?.options["timeout_seconds"], seconds.isFinite else {
            return ExternalGateway.defaultTimeoutSeconds
        }
        return ExternalModule.timeoutSeconds(in: .object(["timeout_seconds": .number(seconds)]))
    }

    /// A gateway's call has no job to log to: its start line and stderr go to the process's stderr (the worker log).
    private static func report(_ log: JobLog) {
        let lines = log.lines.dropFirst()
        guard !lines.isEmpty else { return }
        FileHandle.standardError.write(Data(lines.map { "\($0)\n" }.joined().utf8))
    }
}

/// Reading the members of a gateway's answer.
enum ExternalGatewayAnswer {
    /// A non-empty printable string of at most `limit` characters, or nil.
    static func text(_ value: JSONValue?, limit: Int) -> String? {
        guard case .string(let raw)? = value else { return nil }
        let text = ExternalModuleText.printable(raw).trimmingCharacters(in: .whitespaces)
        return text.isEmpty || text.count > limit ? nil : text
    }

    /// `{"id", "type", "kind", "gateway_session_id", "transaction_id", "amount", "currency"}`; a
    /// `payment_succeeded` event must name all of them, with a positive decimal amount.
    static func event(_ value: JSONValue?) -> GatewayEvent? {
        guard case .object(let members)? = value, let id = text(members["id"], limit: 200) else { return nil }
        let kind: GatewayEvent.Kind = text(members["kind"], limit: 40) == GatewayEvent.Kind.paymentSucceeded.rawValue ? .paymentSucceeded : .other
        var event = GatewayEvent(eventID: id, type: text(members["type"], limit: 200) ?? kind.rawValue, kind: kind,
                                 gatewaySessionID: text(members["gateway_session_id"], limit: 200),
                                 transactionID: text(members["transaction_id"], limit: 200),
                                 amount: text(members["amount"], limit: 20).flatMap(Money.init), currency: text(members["currency"], limit: 3)?.uppercased())
        if let currency = event.currency, currency.count != 3 || !currency.allSatisfy({ $0 >= "A" && $0 <= "Z" }) { event.currency = nil }
        guard kind == .paymentSucceeded else { return event }
        guard event.gatewaySessionID != nil, event.transactionID != nil, event.currency != nil, let amount = event.amount, amount.cents > 0 else {
            return nil
        }
        return event
    }
}
