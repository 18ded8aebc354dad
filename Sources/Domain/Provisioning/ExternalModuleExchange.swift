import Foundation

/// One run of a module's executable: spawn, feed, read, time out, interpret.
struct ExternalModuleExchange {
    let module: ExternalModule
    let action: ExternalModuleAction
    let instance: ModuleInstance?
    let config: JSONValue
    let newPassword: String?

    private var name: String { module.name }

    /// Starts the executable. A start can fail for a moment while the file is still open for
    /// writing somewhere (just installed, or held by a child another thread is forking: exec then
    /// answers ETXTBSY), so an executable file gets a few more tries, 10 ms to 160 ms apart.
    private func launch(stdin: Pipe, stdout: Pipe, stderr: Pipe) throws -> Process {
        var pause: UInt32 = 10_000
        while true {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: module.path)
            process.arguments = []
            process.environment = ExternalModuleEnvironment.forModule(named: name)
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = stderr
            do {
                try process.run()
                return process
            } catch {
                guard ExternalModuleFile.isExecutable(module.path) else { throw notInstalled }
                guard pause <= 160_000 else {
                    throw ModuleError("module \(name) could not be started: \(ExternalModuleText.printable(error.localizedDescription))")
                }
                usleep(pause)
                pause *= 2
            }
        }
    }

    /// Runs the executable once and returns its `ok: true` answer; everything else throws `ModuleError`.
    func run(log: JobLog?) throws -> ExternalModuleAnswer {
        let timeout = ExternalModule.timeoutSeconds(in: config)
        guard ExternalModuleFile.isExecutable(module.path) else { throw notInstalled }
        let input = try encodedRequest()

        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        defer {
            try? stdin.fileHandleForWriting.close()
            try? stdout.fileHandleForReading.close()
            try? stderr.fileHandleForReading.close()
        }
        let process = try launch(stdin: stdin, stdout: stdout, stderr: stderr)
        log?.write("module \(name): \(action.rawValue) (pid \(process.processIdentifier), time limit \(ExternalModuleText.seconds(timeout)))")

        var pumped = ExternalModulePump(input: input, stdin: stdin.fileHandleForWriting, stdout: stdout.fileHandleForReading,
                                        stderr: stderr.fileHandleForReading)
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        let finished = pumped.run(process: process, until: deadline) && ExternalModuleReaper.waitForExit(of: process, until: deadline)
        if !finished {
            ExternalModuleReaper.stop(process)
        }
        let secrets = [newPassword].compactMap { $0 }
        let answer = finished ? decodeAnswer(pumped.output) : nil
        let answerSecrets = secrets + (answer?.server.map(ExternalModuleText.secrets(in:)) ?? [])
        logStderr(pumped, to: log, hiding: answerSecrets)

        guard finished else {
            throw ModuleError("module \(name) did not answer within \(ExternalModuleText.seconds(timeout))")
        }
        if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            throw ModuleError("module \(name) was killed by signal \(signal)\(ExternalModuleText.signalName(signal)) without an answer")
        }
        if pumped.outputOverflowed {
            throw ModuleError("module \(name) answered more than \(ExternalModule.maximumAnswerBytes) bytes on stdout; "
                              + "the protocol's answer is one small JSON object", retryable: false)
        }
        guard let answer else {
            let status = process.terminationStatus
            if status != 0 || pumped.output.allSatisfy(ExternalModuleText.isWhitespace) {
                throw ModuleError("module \(name) exited with status \(status) without an answer")
            }
            let preview = ExternalModuleText.preview(of: pumped.output, hiding: secrets)
            throw ModuleError("module \(name) answered something that is not the protocol's JSON: \(preview)", retryable: false)
        }
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

    private var notInstalled: ModuleError {
        ModuleError("module \(name) is not installed (\(module.path) is missing or not executable)", retryable: false)
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

    private func logStderr(_ pumped: ExternalModulePump, to log: JobLog?, hiding secrets: [String]) {
        guard let log, !pumped.errors.isEmpty else { return }
        let text = String(decoding: pumped.errors, as: UTF8.self)
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let clean = ExternalModuleText.hiding(secrets, in: ExternalModuleText.printable(String(line)))
            if !clean.isEmpty { log.write("stderr: \(clean)") }
        }
        if pumped.errorsTotal > pumped.errors.count {
            log.write("stderr: … (cut after \(ExternalModule.maximumStderrBytes) bytes; \(pumped.errorsTotal) bytes in all)")
        }
    }
}
