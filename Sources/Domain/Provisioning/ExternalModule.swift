import Foundation

/// A loadable provisioning module: one executable (usually in `VPS_MODULES_DIR`) that speaks the
/// JSON protocol described in `docs/modules.md`.
///
/// Every call starts the executable afresh, writes one JSON request to its stdin, closes stdin and
/// reads one JSON answer from its stdout, within `config["timeout_seconds"]` (default 30, 1…300).
/// Its stderr (first 8 KB) goes to the job log. Whatever the program does — hang, crash, print
/// garbage, vanish — the caller gets a readable `ModuleError`, never a crash or a hang.
///
/// Everything happens on the calling thread (one `poll` loop over the three pipes), so a call
/// blocks that thread for at most the time limit plus a few seconds to stop the program.
public struct ExternalModule: ProvisioningModule {
    /// The module's name: the executable's file name.
    public let name: String
    /// The executable's absolute path.
    public let path: String

    /// The version of the protocol this portal speaks (`"protocol"` in every request).
    public static let protocolVersion = 1
    /// Time limit when the configuration names none.
    public static let defaultTimeoutSeconds: Double = 30
    /// The allowed range of `timeout_seconds`.
    public static let timeoutRange: ClosedRange<Double> = 1...300
    /// How long a program has between SIGTERM and SIGKILL.
    public static let terminationGraceSeconds: Double = 2
    /// How much of stdout is read; a longer answer is refused.
    public static let maximumAnswerBytes = 1024 * 1024
    /// How much of stderr reaches the job log.
    public static let maximumStderrBytes = 8 * 1024

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    public func create(_ request: ModuleRequest) throws -> ServerDetails {
        let answer = try call(.create, request: request)
        guard let server = answer.server else {
            throw ModuleError("module \(name) answered ok to create without the server's details (\"server\")", retryable: false)
        }
        return server
    }

    public func suspend(_ request: ModuleRequest) throws {
        _ = try call(.suspend, request: request)
    }

    public func unsuspend(_ request: ModuleRequest) throws {
        _ = try call(.unsuspend, request: request)
    }

    public func terminate(_ request: ModuleRequest) throws {
        _ = try call(.terminate, request: request)
    }

    public func reboot(_ request: ModuleRequest) throws {
        _ = try call(.reboot, request: request)
    }

    public func status(_ request: ModuleRequest) throws -> String {
        let answer = try call(.status, request: request)
        guard let status = answer.status, !status.isEmpty else {
            throw ModuleError("module \(name) answered ok to status without a power state (\"status\")", retryable: false)
        }
        return String(ExternalModuleText.printable(status).prefix(50))
    }

    public func changePassword(_ request: ModuleRequest, newPassword: String) throws {
        _ = try call(.changePassword, request: request, newPassword: newPassword)
    }

    public func testConnection(config: JSONValue) throws -> String {
        let exchange = ExternalModuleExchange(module: self, action: .testConnection, instance: nil, config: config, newPassword: nil)
        let answer = try exchange.run(log: nil)
        return answer.message.map { ExternalModuleText.printable($0) } ?? "module \(name) answered ok"
    }

    private func call(_ action: ExternalModuleAction, request: ModuleRequest, newPassword: String? = nil) throws -> ExternalModuleAnswer {
        let exchange = ExternalModuleExchange(module: self, action: action, instance: request.instance, config: request.config,
                                              newPassword: newPassword)
        return try exchange.run(log: request.log)
    }

    /// The time limit `config` asks for, clamped to `timeoutRange`.
    public static func timeoutSeconds(in config: JSONValue) -> Double {
        guard case .object(let settings) = config, case .number(let seconds)? = settings["timeout_seconds"], seconds.isFinite else {
            return defaultTimeoutSeconds
        }
        return min(max(seconds, timeoutRange.lowerBound), timeoutRange.upperBound)
    }
}

/// The actions of protocol version 1, as spelled on the wire.
enum ExternalModuleAction: String, Sendable {
    case create, suspend, unsuspend, terminate, reboot, status
    case changePassword = "change_password"
    case testConnection = "test_connection"
}

/// One request as written to the module's stdin.
struct ExternalModuleRequest: Encodable {
    var protocolVersion: Int
    var action: String
    var instance: ModuleInstance?
    var config: JSONValue
    var newPassword: String?

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol", action, instance, config, newPassword = "new_password"
    }
}

/// One answer as read from the module's stdout.
struct ExternalModuleAnswer: Decodable {
    var ok: Bool
    var server: ServerDetails?
    var status: String?
    var message: String?
    var error: String?
    var retryable: Bool?
}

/// One run of a module's executable: spawn, feed, read, time out, interpret.
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
        guard ExternalModuleFile.isExecutable(module.path) else { throw notInstalled }
        let input = try encodedRequest()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: module.path)
        process.arguments = []
        process.environment = ExternalModuleEnvironment.forModule(named: name)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        defer {
            try? stdin.fileHandleForWriting.close()
            try? stdout.fileHandleForReading.close()
            try? stderr.fileHandleForReading.close()
        }
        do {
            try process.run()
        } catch {
            guard ExternalModuleFile.isExecutable(module.path) else { throw notInstalled }
            throw ModuleError("module \(name) could not be started: \(ExternalModuleText.printable(error.localizedDescription))")
        }
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

/// Moves bytes between the portal and the module's three pipes with `poll`, on the calling thread:
/// the request into stdin, stdout (up to 1 MiB) and stderr (first 8 KB kept, the rest drained) out.
struct ExternalModulePump {
    private let input: [UInt8]
    private let stdin: FileHandle
    private let stdout: FileHandle
    private let stderr: FileHandle
    private(set) var output: [UInt8] = []
    private(set) var outputOverflowed = false
    private(set) var errors: [UInt8] = []
    private(set) var errorsTotal = 0

    /// How long the pipes may stay open after the module exited (a child it left behind holding them).
    private static let afterExit: Duration = .milliseconds(300)

    init(input: Data, stdin: FileHandle, stdout: FileHandle, stderr: FileHandle) {
        self.input = [UInt8](input)
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Pumps until both output pipes end (true) or the deadline passes (false).
    mutating func run(process: Process, until deadline: ContinuousClock.Instant) -> Bool {
        let brokenPipe = BrokenPipeGuard()
        defer { brokenPipe.release() }
        let inFD = stdin.fileDescriptor, outFD = stdout.fileDescriptor, errFD = stderr.fileDescriptor
        _ = fcntl(inFD, F_SETFL, fcntl(inFD, F_GETFL) | O_NONBLOCK)
        var written = 0
        var inputOpen = true, outOpen = true, errOpen = true
        var exitedAt: ContinuousClock.Instant?
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        if input.isEmpty { inputOpen = false; try? stdin.close() }

        while outOpen || errOpen {
            let now = ContinuousClock.now
            if now >= deadline { return false }
            if !process.isRunning {
                if let exitedAt, now - exitedAt > Self.afterExit { return true }
                if exitedAt == nil { exitedAt = now }
            }
            var fds: [pollfd] = []
            if inputOpen { fds.append(pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0)) }
            if outOpen { fds.append(pollfd(fd: outFD, events: Int16(POLLIN), revents: 0)) }
            if errOpen { fds.append(pollfd(fd: errFD, events: Int16(POLLIN), revents: 0)) }
            let waitMilliseconds = min(100, max(1, Int((deadline - now) / .milliseconds(1))))
            let ready = poll(&fds, nfds_t(fds.count), Int32(waitMilliseconds))
            if ready < 0 {
                if errno == EINTR { continue }
                return true
            }
            for entry in fds where entry.revents != 0 {
                switch entry.fd {
                case inFD:
                    let count = input.count - written
                    let sent = input.withUnsafeBytes { write(inFD, $0.baseAddress! + written, count) }
                    if sent > 0 { written += sent }
                    if sent < 0, errno == EAGAIN || errno == EINTR { continue }
                    if sent < 0 || written == input.count {
                        inputOpen = false
                        try? stdin.close()
                    }
                case outFD:
                    let count = read(outFD, &buffer, buffer.count)
                    if count < 0, errno == EAGAIN || errno == EINTR { continue }
                    if count <= 0 { outOpen = false; continue }
                    let room = ExternalModule.maximumAnswerBytes - output.count
                    if count > room { outputOverflowed = true }
                    if room > 0 { output.append(contentsOf: buffer[0..<min(count, room)]) }
                default:
                    let count = read(errFD, &buffer, buffer.count)
                    if count < 0, errno == EAGAIN || errno == EINTR { continue }
                    if count <= 0 { errOpen = false; continue }
                    errorsTotal += count
                    let room = ExternalModule.maximumStderrBytes - errors.count
                    if room > 0 { errors.append(contentsOf: buffer[0..<min(count, room)]) }
                }
            }
        }
        return true
    }
}

/// Keeps a module that closed its stdin early from killing the portal with SIGPIPE: SIGPIPE is
/// blocked on this thread while the request is written, and one raised meanwhile is consumed.
struct BrokenPipeGuard {
    private var previous = sigset_t()

    init() {
        var pipeOnly = Self.pipeSignal
        pthread_sigmask(SIG_BLOCK, &pipeOnly, &previous)
    }

    func release() {
        var previous = self.previous
        if sigismember(&previous, SIGPIPE) == 0 {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var pipeOnly = Self.pipeSignal
                var immediately = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&pipeOnly, nil, &immediately)
            }
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }

    private static var pipeSignal: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        return set
    }
}

/// Waiting for and stopping a module's process.
enum ExternalModuleReaper {
    /// Waits until the process has exited (true) or the deadline passed (false).
    static func waitForExit(of process: Process, until deadline: ContinuousClock.Instant) -> Bool {
        while process.isRunning {
            if ContinuousClock.now >= deadline { return false }
            usleep(5_000)
        }
        return true
    }

    /// SIGTERM, then SIGKILL after the grace period; returns once the process is gone. Foundation
    /// starts each child as the leader of its own process group, so the signals go to the whole group
    /// and also stop what the module started (a shell script's `sleep`).
    static func stop(_ process: Process) {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        let target = getpgid(pid) == pid ? -pid : pid
        kill(target, SIGTERM)
        let grace = ContinuousClock.now + .milliseconds(Int64(ExternalModule.terminationGraceSeconds * 1000))
        _ = waitForExit(of: process, until: grace)
        kill(target, SIGKILL)
        _ = waitForExit(of: process, until: ContinuousClock.now + .seconds(10))
    }
}

/// Checks on the executable file, made at call time.
enum ExternalModuleFile {
    /// True when `path` is a regular file (symbolic links followed) this process may execute.
    static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}

/// The environment a module runs with: the portal's, without its database settings and secrets.
enum ExternalModuleEnvironment {
    static func forModule(named name: String, from environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var result = environment.filter { key, _ in isPassedOn(key) }
        if result["PATH"] == nil { result["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        result["VPS_MODULE_NAME"] = name
        result["VPS_MODULE_PROTOCOL"] = String(ExternalModule.protocolVersion)
        return result
    }

    static func isPassedOn(_ key: String) -> Bool {
        let upper = key.uppercased()
        if upper == "VPS_MODULES_DIR" || upper.hasPrefix("VPS_MODULE_") { return true }
        if upper.hasPrefix("VPS_") || upper.hasPrefix("PG") || upper == "DATABASE_URL" { return false }
        return !["PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL", "PRIVATE"].contains { upper.contains($0) }
    }
}

/// Making a module's words safe to show: printable, short, without secrets.
enum ExternalModuleText {
    /// `text` without control characters (tabs and line breaks become spaces).
    static func printable(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\t" || scalar == "\n" || scalar == "\r" {
                result.append(" ")
            } else if scalar.properties.generalCategory != .control && scalar.properties.generalCategory != .format {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// The first 200 printable characters of a module's stdout, secrets hidden.
    static func preview(of output: [UInt8], hiding secrets: [String]) -> String {
        var text = String(decoding: output, as: UTF8.self)
        if let json = try? JSONDecoder().decode(JSONValue.self, from: Data(output)) {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(redacted(json)) { text = String(decoding: data, as: UTF8.self) }
        }
        let clean = hiding(secrets, in: printable(text)).trimmingCharacters(in: .whitespaces)
        return clean.count > 200 ? String(clean.prefix(200)) + "…" : clean
    }

    /// `json` with the values of secret-looking keys replaced.
    static func redacted(_ json: JSONValue) -> JSONValue {
        switch json {
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, value) in members {
                let lower = key.lowercased()
                let secret = ["password", "passwd", "secret", "token", "private_key", "api_key"].contains { lower.contains($0) }
                result[key] = secret ? .string("[hidden]") : redacted(value)
            }
            return .object(result)
        case .array(let items):
            return .array(items.map(redacted))
        default:
            return json
        }
    }

    /// The secrets in a create answer, to keep them out of the log.
    static func secrets(in server: ServerDetails) -> [String] {
        [server.rootPassword, server.controlPanelPassword].compactMap { $0 }
    }

    /// `text` with every occurrence of the (non-trivial) secrets replaced.
    static func hiding(_ secrets: [String], in text: String) -> String {
        secrets.filter { $0.count >= 4 }.reduce(text) { $0.replacingOccurrences(of: $1, with: "[hidden]") }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// "30 s", "1.5 s".
    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? "\(Int(value)) s" : "\(value) s"
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS",
                                      SIGILL: "SIGILL", SIGFPE: "SIGFPE", SIGINT: "SIGINT", SIGHUP: "SIGHUP", SIGPIPE: "SIGPIPE"]
        return names[signal].map { " (\($0))" } ?? ""
    }
}
