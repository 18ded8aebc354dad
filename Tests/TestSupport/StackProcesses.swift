import Foundation

/// The test stack's processes, read from `/proc`: `vpsctl serve` and its children.
public enum StackProcesses {
    public static func servePID() throws -> Int32 {
        let path = try TestEnvironment.value("VPS_TEST_VAR") + "/run/serve.pid"
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = Int32(text) else { throw TestEnvironment.Missing(variable: "a pid in \(path)") }
        return pid
    }

    /// Children of `serve` whose command line contains `argument` (`worker`, `jobs`).
    public static func children(running argument: String) throws -> [Int32] {
        let parent = try servePID()
        let entries = try FileManager.default.contentsOfDirectory(atPath: "/proc")
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[1]) == parent else { return false }
            let command = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
            return command.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == argument }
        }
    }
}
