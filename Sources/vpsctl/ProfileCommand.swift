import ArgumentParser
import Domain
import Foundation
import Handlers
import Postgres

/// `vpsctl profile-request`: answers one request many times in this process, on one thread and
/// one connection, and prints the CPU it took per request — the application's own cost without
/// FastCGI, nginx or other threads in the way, steady enough to compare two builds (and to run
/// under `perf record`). Not shown in the help: a tool for the benchmark (docs/benchmark.md).
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile-request", abstract: "Answer one request repeatedly in-process and print CPU per request.",
        shouldDisplay: false)

    @Argument(help: "The request target, e.g. /my/servers.") var target: String
    @Option(help: "A header as `Name: value` (repeatable), e.g. the session cookie.") var header: [String] = []
    @Option(help: "Requests to time (after as many warm-ups, up to 500).") var count = 5000

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
        guard header.allSatisfy({ $0.contains(":") }) else { throw ValidationError("--header must be `Name: value`") }
    }

    func run() throws {
        let configuration = try Configuration.load()
        let application = PortalApplication.portal(services: try configuration.portalServices())
        var headers = HTTPHeaders()
        for line in header {
            let colon = line.firstIndex(of: ":")!
            headers[String(line[..<colon])] = String(line[line.index(after: colon)...].drop { $0 == " " })
        }
        let request = Request(method: "GET", target: target, headers: headers, remoteAddress: "127.0.0.1", requestID: "profile", isHTTPS: false)
        let connection = PostgresConnection(lazy: configuration.databaseURL)
        var bytes = 0, status = 0
        for _ in 0..<min(count, 500) { _ = application.respond(to: request, connection: connection) }
        let (cpuBefore, started) = (Self.cpuMicroseconds(), ContinuousClock.now)
        for _ in 0..<count {
            let response = application.respond(to: request, connection: connection)
            bytes = response.body.count
            status = response.status.code
        }
        let cpu = Double(Self.cpuMicroseconds() - cpuBefore) / Double(count)
        let wall = (ContinuousClock.now - started) / .microseconds(1) / Double(count)
        print(String(format: "%@ status %d, %d bytes: %.1f µs CPU (user + system) per request, %.1f µs wall, %d requests",
                     target, status, bytes, cpu, wall, count))
    }

    private static func cpuMicroseconds() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + Int(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    }
}
