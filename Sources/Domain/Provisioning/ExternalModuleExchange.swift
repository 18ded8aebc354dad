import Foundation

/// One provisioning call: the request encoded, the executable run once (`ModuleProcess`), the answer interpreted.
struct ExternalModuleExchange {
    let module: ExternalModule
    let action: ExternalModuleAction
    let instance: ModuleInstance?
    let config: JSONValue
    let newPassword: String?

    private var name: String { module.name }

    /// Runs the executable once and returns its `ok: true` answer; everything else throws `ModuleError`.
    func run(log: JobLog?) throws -> ExternalModuleAnswer {
        let timeout = ExternalModule.timeoutSeconds(in: config)
        let program = ModuleProcess(label: "module \(name)", name: name, path: module.path)
        guard ExternalModuleFile.isExecutable(module.path) else { throw program.notInstalled }
        let result = try program.run(input: try encodedRequest(), timeout: timeout, action: action.rawValue, log: log)
        let secrets = [newPassword].compactMap { $0 }
        let answer = result.output.flatMap(decodeAnswer)
        let answerSecrets = secrets + (answer?.server.map(ExternalModuleText.secrets(in:)) ?? [])
        result.logStderr(to: log, hiding: answerSecrets)
        if let failure = result.failure { throw failure }
        guard let answer else { throw result.unreadable(hiding: secrets) }
        if let message = answer.message, !message.isEmpty {
            log?.write("module \(name): \(ExternalModuleText.hiding(answerSecrets, in: ExternalModuleText.printable(message)))")
        }
        guard answer.ok else {
            let text = answer.error.map { ExternalModuleText.hiding(answerSecrets, in: ExternalModuleText.printable($0)) } ?? ""
            let message = text.isEmpty ? "module \(name) failed without saying why" : String(text.prefix(1000))
            throw ModuleError(message, retryable: answer.retryable ?? true)
        }
        return answer
    }

    private func encodedRequest() throws -> Data {
        let settings: JSONValue
        if case .object = config { settings = config } else { settings = .object([:]) }
        let request = ExternalModuleRequest(protocolVersion: ExternalModule.protocolVersion, action: action.rawValue, instance: instance,
                                            config: settings, newPassword: newPassword)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(request)
        } catch {
            throw ModuleError("module \(name): the request could not be encoded as JSON", retryable: false)
        }
    }

    /// The answer when stdout holds exactly one JSON object with a boolean `ok`; nil otherwise.
    private func decodeAnswer(_ output: [UInt8]) -> ExternalModuleAnswer? {
        guard !output.isEmpty else { return nil }
        return try? JSONDecoder().decode(ExternalModuleAnswer.self, from: Data(output))
    }
}
