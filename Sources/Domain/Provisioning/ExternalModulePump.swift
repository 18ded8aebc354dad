import Foundation

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
