import Foundation

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
