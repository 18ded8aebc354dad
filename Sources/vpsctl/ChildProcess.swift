import Foundation

/// Starts `vpsctl` subcommands as child processes with `posix_spawn`.
enum ChildProcess {
    /// Spawns this executable with `arguments`; `listenSocket` becomes the child's
    /// standard input. The child starts with no blocked signals.
    static func spawn(arguments: [String], listenSocket: Int32?, extraEnvironment: [String: String]) throws -> pid_t {
        let executable = currentExecutable()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let listenSocket {
            posix_spawn_file_actions_adddup2(&actions, listenSocket, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = Signals.makeSet([SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGPIPE, SIGUSR1, SIGUSR2])
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var environment = ProcessInfo.processInfo.environment
        environment.merge(extraEnvironment) { _, new in new }
        let argv = ([installedPath] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        return pid
    }

    /// Resolves the installed path now, while the file is certainly there.
    static func prepare() {
        _ = installedPath
    }

    /// The binary's path as it was when this process started (a deploy that replaces the file
    /// there makes restarted children run the new build).
    static let installedPath: String = {
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return link.hasSuffix(" (deleted)") ? String(link.dropLast(" (deleted)".count)) : link
    }()

    /// What to execute: the installed path while a file is there, else this process's own
    /// (deleted) image through `/proc/self/exe`, so a missing file never stops a restart.
    static func currentExecutable() -> String {
        FileManager.default.isExecutableFile(atPath: installedPath) ? installedPath : "/proc/self/exe"
    }
}
