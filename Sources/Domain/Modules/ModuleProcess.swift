import Foundation

/// One run of a loadable module's executable — provisioning module or payment gateway: start it
/// afresh, write one request to its stdin, read its stdout and stderr within a time limit, stop it
/// if it overstays. What the answer means is the caller's business (`ExternalModuleExchange`,
/// `ExternalGateway`); every way the program can fail becomes a readable `ModuleError`.
struct ModuleProcess {
    /// How the program is named in messages: "module example-cloud", "gateway examplepay".
    let label: String
    /// The module's name (`VPS_MODULE_NAME` in its environment).
    let name: String
    /// The executable's absolute path.
    let path: String

    /// Runs the program once with `input` on stdin, for at most `timeout` seconds.
    func run(input: Data, timeout: Double, action: String, log: JobLog?) throws -> ModuleProcessResult {
        guard ExternalModuleFile.isExecutable(path) else { throw notInstalled }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        defer {
            try? stdin.fileHandleForWriting.close()
            try? stdout.fileHandleForReading.close()
            try? stderr.fileHandleForReading.close()
        }
        let process = try launch(stdin: stdin, stdout: stdout, stderr: stderr)
        log?.write("\(label): \(action) (pid \(process.processIdentifier), time limit \(ExternalModuleText.seconds(timeout)))")
        var pumped = ExternalModulePump(input: input, stdin: stdin.fileHandleForWriting, stdout: stdout.fileHandleForReading,
                                        stderr: stderr.fileHandleForReading)
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        let finished = pumped.run(process: process, until: deadline) && ExternalModuleReaper.waitForExit(of: process, until: deadline)
        if !finished {
            ExternalModuleReaper.stop(process)
        }
        let signal: Int32? = finished && process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return ModuleProcessResult(label: label, timeout: timeout, finished: finished, signal: signal,
                                   status: finished ? process.terminationStatus : -1, pumped: pumped)
    }

    var notInstalled: ModuleError {
        ModuleError("\(label) is not installed (\(path) is missing or not executable)", retryable: false)
    }

    /// Starts the executable. A start can fail for a moment while the file is still open for
    /// writing somewhere (just installed, or held by a child another thread is forking: exec then
    /// answers ETXTBSY), so an executable file gets a few more tries, 10 ms to 160 ms apart.
    private func launch(stdin: Pipe, stdout: Pipe, stderr: Pipe) throws -> Process {
        var pause: UInt32 = 10_000
        while true {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = []
            process.environment = ExternalModuleEnvironment.forModule(named: name)
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = stderr
            do {
                try process.run()
                return process
            } catch {
                guard ExternalModuleFile.isExecutable(path) else { throw notInstalled }
                guard pause <= 160_000 else {
                    throw ModuleError("\(label) could not be started: \(ExternalModuleText.printable(error.localizedDescription))")
                }
                usleep(pause)
                pause *= 2
            }
        }
    }
}

/// How one run of a module's executable ended.
struct ModuleProcessResult {
    let label: String
    let timeout: Double
    /// False when the program was stopped at the time limit.
    let finished: Bool
    /// The signal that killed the program, if one did.
    let signal: Int32?
    let status: Int32
    let pumped: ExternalModulePump

    /// Stdout, when the program finished on its own.
    var output: [UInt8]? { finished ? pumped.output : nil }

    /// The failure that makes any answer void — time limit, signal, an oversized answer — or nil.
    var failure: ModuleError? {
        if !finished {
            return ModuleError("\(label) did not answer within \(ExternalModuleText.seconds(timeout))")
        }
        if let signal {
            return ModuleError("\(label) was killed by signal \(signal)\(ExternalModuleText.signalName(signal)) without an answer")
        }
        if pumped.outputOverflowed {
            return ModuleError("\(label) answered more than \(ExternalModule.maximumAnswerBytes) bytes on stdout; "
                               + "the protocol's answer is one small JSON object", retryable: false)
        }
        return nil
    }

    /// Why stdout held no readable answer: an exit status, silence, or garbage (shown, secrets hidden).
    func unreadable(hiding secrets: [String]) -> ModuleError {
        if let failure { return failure }
        if status != 0 || pumped.output.allSatisfy(ExternalModuleText.isWhitespace) {
            return ModuleError("\(label) exited with status \(status) without an answer")
        }
        let preview = ExternalModuleText.preview(of: pumped.output, hiding: secrets)
        return ModuleError("\(label) answered something that is not the protocol's JSON: \(preview)", retryable: false)
    }

    /// Writes stderr (first 8 KB, a line each, secrets hidden) to `log`.
    func logStderr(to log: JobLog?, hiding secrets: [String]) {
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
