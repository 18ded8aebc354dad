import CFastCGI
import Handlers
import Domain
import Foundation
import Postgres
import Synchronization

/// N OS threads accepting on one FastCGI listen socket, each with its own
/// `FCGX_Request` and its own PostgreSQL connection.
///
/// Shutdown: `stop()` sets a flag and interrupts idle `accept` calls with SIGUSR2
/// (which threads unblock only around `FCGX_Accept_r`); a thread busy with a
/// request finishes it first, so in-flight requests complete.
public final class FastCGIServer: Sendable {
    private let application: PortalApplication
    private let connectionString: String
    private let listenSocket: Int32
    private let stopping = Atomic<Bool>(false)
    private let threads = Mutex<[OSThread]>([])
    private let finished = Atomic<Int>(0)

    /// The SIGUSR2 used to interrupt `accept`; must be installed without SA_RESTART.
    public static let wakeSignal = SIGUSR2

    public init(application: PortalApplication, connectionString: String, listenSocket: Int32) {
        self.application = application
        self.connectionString = connectionString
        self.listenSocket = listenSocket
    }

    /// Opens (or replaces) a unix listen socket at `path` with mode 0666.
    public static func openSocket(path: String, backlog: Int32 = 1024) throws -> Int32 {
        unlink(path)
        let descriptor = try FastCGIError.check(FCGX_OpenSocket(path, backlog), "FCGX_OpenSocket(\(path))")
        chmod(path, 0o666)
        return descriptor
    }

    /// Opens a TCP listen socket on `address` (`10.0.0.2:9000`; libfcgi sets SO_REUSEADDR).
    /// libfcgi accepts connections only from the addresses in `FCGI_WEB_SERVER_ADDRS` when that is set.
    public static func openTCPSocket(address: String, backlog: Int32 = 1024) throws -> Int32 {
        try FastCGIError.check(FCGX_OpenSocket(address, backlog), "FCGX_OpenSocket(\(address))")
    }

    /// Initialises libfcgi once per process.
    public static func initialiseLibrary() throws {
        try FastCGIError.check(FCGX_Init(), "FCGX_Init")
    }

    /// Starts `count` threads serving requests.
    public func start(threads count: Int) throws {
        for index in 0..<count {
            let thread = try OSThread { [self] in self.serve(threadIndex: index) }
            threads.withLock { $0.append(thread) }
        }
    }

    /// Stops accepting, lets in-flight requests finish (up to `timeout`), joins the threads.
    public func stop(timeout: Duration = .seconds(30)) {
        stopping.store(true, ordering: .sequentiallyConsistent)
        let all = threads.withLock { $0 }
        let deadline = ContinuousClock.now + timeout
        while finished.load(ordering: .sequentiallyConsistent) < all.count, ContinuousClock.now < deadline {
            for thread in all { pthread_kill(thread.id, Self.wakeSignal) }
            usleep(50_000)
        }
        if finished.load(ordering: .sequentiallyConsistent) == all.count {
            for thread in all { thread.join() }
        } else {
            Log.warning("worker stop timed out with requests still running")
        }
    }

    private func serve(threadIndex: Int) {
        defer { finished.add(1, ordering: .sequentiallyConsistent) }
        let connection = PostgresConnection(lazy: connectionString)
        let raw = UnsafeMutablePointer<FCGX_Request>.allocate(capacity: 1)
        defer { raw.deallocate() }
        do {
            try FastCGIError.check(FCGX_InitRequest(raw, listenSocket, FCGI_FAIL_ACCEPT_ON_INTR), "FCGX_InitRequest")
        } catch {
            Log.error("thread \(threadIndex): \(error)")
            return
        }
        var wake = sigset_t()
        sigemptyset(&wake)
        sigaddset(&wake, Self.wakeSignal)
        while !stopping.load(ordering: .sequentiallyConsistent) {
            pthread_sigmask(SIG_UNBLOCK, &wake, nil)
            let accepted = FCGX_Accept_r(raw)
            pthread_sigmask(SIG_BLOCK, &wake, nil)
            guard accepted >= 0 else {
                if !stopping.load(ordering: .sequentiallyConsistent) && accepted != -EINTR {
                    Log.warning("thread \(threadIndex): FCGX_Accept_r returned \(accepted)")
                }
                continue
            }
            let summary = answer(raw, connection: connection)
            FCGX_Finish_r(raw)
            // After the response has gone: the metrics and the log line are not the client's wait.
            if let summary {
                application.services.metrics?.record(summary, thread: threadIndex)
                Log.request(summary.logfmt)
            }
        }
        FCGX_Free(raw, 1)
    }

    /// Answers one request; its summary for the metrics and the log, when it reached the application.
    private func answer(_ raw: UnsafeMutablePointer<FCGX_Request>, connection: PostgresConnection) -> RequestSummary? {
        switch FastCGIAdapter.read(raw) {
        case .request(let request):
            let metrics = application.services.metrics
            let (response, summary) = metrics?.busy { application.respondSummarized(to: request, connection: connection) }
                ?? application.respondSummarized(to: request, connection: connection)
            FastCGIAdapter.write(response, to: raw)
            return summary
        case .tooLarge(let request):
            let error = HTTPError(.payloadTooLarge, detail: "The request body is larger than 1 MiB.")
            FastCGIAdapter.write(application.errorResponse(error, for: request), to: raw)
            return nil
        }
    }
}
