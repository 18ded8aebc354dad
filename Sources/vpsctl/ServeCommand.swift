import ArgumentParser
import Domain
import FastCGI
import Foundation
import Handlers

/// `vpsctl serve`: opens the FastCGI socket and supervises `VPS_WORKERS` workers and the job runner.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the workers (and keep them alive) until SIGTERM.")

    func run() throws {
        let configuration = try Configuration.load()
        let socket = try FastCGIServer.openSocket(path: configuration.socketPath)
        var workers = (1...configuration.workers).map { index in
            Supervisor.Program(name: "worker \(index)", arguments: ["worker"], listenSocket: socket)
        }
        // TCP gets workers of its own (a worker serves one listen socket): nginx on another host
        // uses TCP, local tools and a local nginx the unix socket, and neither starves the other.
        let tcp = try configuration.fastcgiListen.map { try FastCGIServer.openTCPSocket(address: $0.libfcgiPath) }
        if let tcp, let address = configuration.fastcgiListen {
            workers += (1...configuration.workers).map { index in
                Supervisor.Program(name: "tcp worker \(index)", arguments: ["worker"], listenSocket: tcp)
            }
            Log.info("serving FastCGI on tcp \(address.libfcgiPath) too")
        }
        workers.append(Supervisor.Program(name: "job runner", arguments: ["jobs"], listenSocket: nil))
        Log.info("serving on \(configuration.socketPath) with \(configuration.workers) workers × \(configuration.threads) threads")
        try Supervisor(programs: workers).run()
        if let tcp { close(tcp) }
        close(socket)
        unlink(configuration.socketPath)
        Log.info("stopped")
    }
}
