import ArgumentParser
import Domain
import Foundation
import Postgres
import Synchronization
import Views

/// `vpsctl jobs`: the job runner. `VPS_JOB_THREADS` threads (default 4) each take jobs with
/// `FOR UPDATE SKIP LOCKED` (server jobs, then payment notifications to apply, then the demo gateway's
/// deliveries, then the outbox's messages) and sleep on LISTEN until NOTIFY or a second passes. The first
/// `VPS_PDF_THREADS` threads (default 1) also render queued invoice PDFs when no server job is ready —
/// one Chromium per such thread, so a billing run's thousands of renders never crowd out
/// provisioning or the web workers' CPU.
///
/// The process holds a PostgreSQL advisory lock named by its runner key for its whole life;
/// jobs it was running when it died are requeued by the next runner that sees the lock free.
/// When any of its sessions is lost (a restart, a failover) it exits rather than reconnect under a
/// key whose lock it no longer holds; the supervisor starts a fresh runner that waits for the database.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Run queued jobs (provisioning, reboots …) until SIGTERM.")

    func run() throws {
        let configuration = try Configuration.load()
        Signals.block([SIGTERM, SIGINT, SIGHUP])
        signal(SIGPIPE, SIG_IGN)
        let runnerKey = Int64.random(in: 1_000_000...Int64.max)
        let lockHolder = RunnerLock(key: runnerKey, url: configuration.databaseURL)
        try lockHolder.acquire()
        let executor = JobExecutor(
            registry: ModuleRegistry(directory: ModuleDirectory(path: configuration.modulesDirectory)),
            secrets: ServerSecrets(box: try configuration.secretBox()), runnerKey: runnerKey)
        let gateways = PaymentGateways(box: try configuration.secretBox())
        let demo = DemoDeliveries(gateways: gateways, transport: configuration.baseURL.map { .http(baseURL: $0) } ?? .inProcess)
        let pdf = try PageRenderer(templatesDirectory: configuration.templatesDirectory)
            .invoicePDFMaker(stylesheet: configuration.stylesheet(), engine: configuration.pdfEngine)
        let box = try configuration.secretBox()
        let channels: [any NotificationChannel & Sendable] = [
            EmailChannel(mailDirectory: configuration.mailDirectory, box: box, caFile: configuration.smtpCAFile), SMSChannel(box: box), WebhookChannel(box: box),
        ]
        let loadable = ChannelDirectory(modules: ModuleDirectory(path: configuration.modulesDirectory), box: box)
        let state = RunnerState()
        let count = max(1, Int(ProcessInfo.processInfo.environment["VPS_JOB_THREADS"] ?? "") ?? 4)
        let pdfThreads = max(0, Int(ProcessInfo.processInfo.environment["VPS_PDF_THREADS"] ?? "") ?? 1)
        for index in 0..<count {
            let thread = Thread { Self.loop(index: index, executor: executor, demo: demo, channels: channels, loadable: loadable, refunds: RefundRetries(gateways: gateways), pdf: index < pdfThreads ? pdf : nil, url: configuration.databaseURL, state: state) }
            thread.stackSize = 8 << 20
            thread.start()
        }
        var threads = count
        if configuration.billingInterval > 0 {
            let interval = configuration.billingInterval
            let thread = Thread { BillingTicker.loop(every: interval, url: configuration.databaseURL, gateways: gateways, state: state) }
            thread.stackSize = 8 << 20
            thread.start()
            threads += 1
        }
        Log.info("job runner ready with \(count) threads" + (threads > count ? ", billing every \(configuration.billingInterval) s" : ""))
        let parent = getppid()
        while Signals.wait(for: [SIGTERM, SIGINT, SIGHUP], timeout: 1) == nil {
            if ProcessInfo.processInfo.environment["VPS_SUPERVISED"] != nil && getppid() != parent { break }
            if !lockHolder.isHeld() {
                // The session holding the runner lock is gone (the server restarted, or failed over
                // to a standby where no lock of ours exists): other runners may now requeue this
                // runner's jobs, so this process must not finish them. It exits; the supervisor starts
                // a fresh runner with a new key, and the jobs are requeued and run once.
                Log.error("job runner lost its database session and with it its runner lock; exiting so a fresh runner takes over")
                Foundation.exit(75)
            }
        }
        state.stopping.store(true, ordering: .sequentiallyConsistent)
        let deadline = ContinuousClock.now + .seconds(30)
        while state.finished.load(ordering: .sequentiallyConsistent) < threads && ContinuousClock.now < deadline { usleep(50_000) }
        Log.info("job runner stopped")
    }

    private static func loop(index: Int, executor: JobExecutor, demo: DemoDeliveries, channels: [any NotificationChannel & Sendable], loadable: ChannelDirectory, refunds: RefundRetries, pdf: InvoicePDFMaker?, url: String, state: RunnerState) {
        defer { state.finished.add(1, ordering: .sequentiallyConsistent) }
        let connection = PostgresConnection(lazy: url)
        var listening = false
        var lastSweep = ContinuousClock.now - .seconds(60)
        while !state.stopping.load(ordering: .sequentiallyConsistent) {
            do {
                if listening && !connection.isStillConnected() {
                    throw PostgresError(kind: .connection, message: "the server closed the session")
                }
                try connection.ensureConnected()
                if !listening {
                    try connection.listen(Jobs.channel)
                    listening = true
                }
                if index == 0 && ContinuousClock.now - lastSweep > .seconds(2) {
                    let requeued = try Jobs.requeueOrphans(on: connection)
                    if requeued > 0 { Log.warning("requeued \(requeued) jobs of a runner that stopped") }
                    lastSweep = .now
                }
                if try executor.runNext(on: connection) { continue }
                if try PaymentEventQueue.runNext(runnerKey: executor.runnerKey, gateways: demo.gateways, on: connection) { continue }
                if try demo.runNext(runnerKey: executor.runnerKey, on: connection) { continue }
                if try Outbox.runNext(channels: channels, loadable: loadable, runnerKey: executor.runnerKey, on: connection) { continue }
                if try refunds.runNext(on: connection) { continue }
                if let pdf, try InvoicePDFQueue.runNext(maker: pdf, runnerKey: executor.runnerKey, on: connection) { continue }
                _ = try connection.waitForNotifications(timeout: 1)
            } catch let error as PostgresError where error.isConnectionFailure {
                // Whatever this thread took may now be requeued by another runner (see RunnerLock).
                Log.error("job runner thread \(index) lost its database connection (\(error)); exiting so a fresh runner takes over")
                Foundation.exit(75)
            } catch {
                Log.error("job runner thread \(index): \(error)")
                if connection.inTransaction { _ = try? connection.query("ROLLBACK") }
                usleep(500_000)
            }
        }
    }
}

/// Shared between the runner's threads: stop flag and how many have finished.
final class RunnerState: Sendable {
    let stopping = Atomic<Bool>(false)
    let finished = Atomic<Int>(0)
}
