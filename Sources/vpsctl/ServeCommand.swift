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
        let workers = (1...configuration.workers).map { index in
            Supervisor.Program(name: "worker \(index)", arguments: ["worker"], listenSocket: socket)
        } + [Supervisor.Program(name: "job runner", arguments: ["jobs"], listenSocket: nil)]
        Log.info("serving on \(configuration.socketPath) with \(configuration.workers) workers × \(configuration.threads) threads")
        try Supervisor(programs: workers).run()
        close(socket)
        unlink(configuration.socketPath)
        Log.info("stopped")
    }
}
