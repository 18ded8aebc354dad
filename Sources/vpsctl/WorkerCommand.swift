import ArgumentParser
import Domain
import FastCGI
import Foundation
import Handlers
import Views

/// `vpsctl worker`: one FastCGI worker process with `VPS_THREADS` threads.
///
/// Started by `serve` with the listen socket as standard input (the FastCGI
/// convention); started by hand it opens `VPS_SOCKET` itself.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Serve FastCGI requests (normally started by `serve`).")

    func run() throws {
        let configuration = try Configuration.load()
        let supervised = ProcessInfo.processInfo.environment["VPS_LISTEN_FD"] != nil
        let parent = getppid()
        Signals.block([SIGTERM, SIGINT, SIGHUP, SIGUSR1, FastCGIServer.wakeSignal])
        Signals.installInterruptOnly(FastCGIServer.wakeSignal)
        signal(SIGPIPE, SIG_IGN)
        try FastCGIServer.initialiseLibrary()
        let socket = supervised ? 0 : try FastCGIServer.openSocket(path: configuration.socketPath)
        var services = try configuration.portalServices()
        let metrics = WorkerMetrics(threads: configuration.threads)
        services.metrics = metrics
        services.metricsAllow = configuration.metricsAllow
        let flusher = MetricsFlusher(metrics: metrics, url: configuration.databaseURL)
        let server = FastCGIServer(
            application: .portal(services: services), connectionString: configuration.databaseURL,
            listenSocket: socket)
        try server.start(threads: configuration.threads)
        Log.info("worker ready with \(configuration.threads) threads")
        while true {
            if let signal = Signals.wait(for: [SIGTERM, SIGINT, SIGHUP], timeout: 1) {
                Log.info("worker stopping on signal \(signal)")
                break
            }
            if supervised && getppid() != parent {
                Log.warning("worker's supervisor is gone; stopping")
                break
            }
            flusher.tick()
        }
        server.stop()
        Log.info("worker stopped")
    }
}

extension Configuration {
    /// What a worker's application needs: templates parsed, secrets opened, the API document loaded.
    func portalServices() throws -> PortalServices {
        PortalServices(
            renderer: try PageRenderer(templatesDirectory: templatesDirectory), secrets: try secretBox(),
            apiDocument: APIDocument.loadOrEmpty(path: staticDirectory + "/openapi.json"), stylesheet: stylesheet(),
            pdfEngine: pdfEngine, baseURL: baseURL)
    }
}
