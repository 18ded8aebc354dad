import Domain
import Foundation

/// Keeps a fixed set of child processes alive and stops them gracefully.
///
/// A child that exits is started again at once (after 200 ms if it lived under a
/// second, so a crash loop does not spin). SIGTERM/SIGINT stop every child with
/// SIGTERM, wait for them, then SIGKILL what is left after the grace period.
/// SIGHUP restarts the children one by one (to pick up new templates or binaries).
final class Supervisor {
    struct Program {
        let name: String
        let arguments: [String]
        let listenSocket: Int32?
    }

    private struct Running {
        let slot: Int
        let started: ContinuousClock.Instant
    }

    private let programs: [Program]
    private var running: [pid_t: Running] = [:]
    /// Slots whose start failed; retried every second, never a reason to stop serving.
    private var waiting: Set<Int> = []
    private var stopping = false

    init(programs: [Program]) {
        self.programs = programs
    }

    /// Runs until SIGTERM/SIGINT; returns after every child has exited.
    func run(gracePeriod: Duration = .seconds(30)) throws {
        Signals.block([SIGCHLD, SIGTERM, SIGINT, SIGHUP])
        ChildProcess.prepare()
        for slot in programs.indices { start(slot) }
        while !stopping {
            let signal = Signals.wait(for: [SIGCHLD, SIGTERM, SIGINT, SIGHUP], timeout: 1)
            switch signal {
            case SIGTERM, SIGINT:
                stopping = true
            case SIGHUP:
                restartAll()
            default:
                reapAndRestart()
            }
            for slot in waiting { start(slot) }
        }
        shutDown(gracePeriod: gracePeriod)
    }

    private func start(_ slot: Int) {
        let program = programs[slot]
        do {
            let pid = try ChildProcess.spawn(
                arguments: program.arguments, listenSocket: program.listenSocket,
                extraEnvironment: program.listenSocket == nil ? ["VPS_SUPERVISED": "1"] : ["VPS_LISTEN_FD": "0", "VPS_SUPERVISED": "1"])
            running[pid] = Running(slot: slot, started: .now)
            waiting.remove(slot)
            Log.info("started \(program.name) (pid \(pid))")
        } catch {
            if waiting.insert(slot).inserted { Log.error("cannot start \(program.name): \(error); retrying every second") }
        }
    }

    private func reapAndRestart() {
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            guard let child = running.removeValue(forKey: pid) else { continue }
            let program = programs[child.slot]
            Log.warning("\(program.name) (pid \(pid)) exited with status \(status); restarting")
            if ContinuousClock.now - child.started < .seconds(1) { usleep(200_000) }
            start(child.slot)
        }
    }

    private func restartAll() {
        Log.info("restarting children one by one")
        for pid in Array(running.keys) {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            if let child = running.removeValue(forKey: pid) { start(child.slot) }
        }
    }

    private func shutDown(gracePeriod: Duration) {
        Log.info("stopping \(running.count) children")
        for pid in running.keys { kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + gracePeriod
        while !running.isEmpty {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid > 0 {
                running.removeValue(forKey: pid)
            } else if ContinuousClock.now > deadline {
                Log.warning("grace period over; killing \(running.count) children")
                for pid in running.keys {
                    kill(pid, SIGKILL)
                    waitpid(pid, &status, 0)
                }
                running.removeAll()
            } else {
                usleep(20_000)
            }
        }
    }
}
