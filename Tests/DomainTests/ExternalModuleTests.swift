@testable import Domain
import Foundation
import Postgres
import Testing

/// Loadable modules: programs that hang, crash, print garbage or vanish fail with readable errors.
/// No database: each test writes small scripts into its own temporary directory.
@Suite("Loadable provisioning modules (ExternalModule, ModuleDirectory)")
struct ExternalModuleTests {
    @Test("success: create sends one protocol request and returns the server's details; stderr reaches the log")
    func createSucceeds() throws {
        let place = try Scratch()
        let module = try place.module("good", """
            #!/bin/sh
            cat > "$(dirname "$0")/request.json"
            echo "building the machine" >&2
            printf '%s' '{"ok": true, "server": {"hostname": "web1.example.net", "ip_address": "203.0.113.5", "root_password": "S3cret-root-pw", "ssh_port": 22}, "message": "built"}'
            """)
        let request = place.request()
        let details = try module.create(request)
        #expect(details.hostname == "web1.example.net")
        #expect(details.ipAddress == "203.0.113.5")
        #expect(details.rootPassword == "S3cret-root-pw")
        #expect(details.sshPort == 22)
        #expect(request.log.lines.contains("stderr: building the machine"))
        #expect(request.log.lines.contains("module good: built"))
        #expect(!request.log.text.contains("S3cret-root-pw"))

        let sent = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: place.url("request.json")))
        guard case .object(let fields) = sent, case .object(let instance)? = fields["instance"] else {
            Issue.record("the request is not an object with an instance: \(sent)")
            return
        }
        #expect(fields["protocol"] == .number(1))
        #expect(fields["action"] == .string("create"))
        #expect(fields["new_password"] == nil)
        #expect(instance["id"] == .number(42))
        #expect(instance["operating_system"] == .string("debian-12"))
        #expect(fields["config"] == .object(["region": .string("lab")]))
    }

    @Test("a module that hangs is stopped at its time limit with a readable error")
    func hangTimesOut() throws {
        let place = try Scratch()
        let module = try place.module("sleepy", "#!/bin/sh\nsleep 60\n")
        let started = ContinuousClock.now
        let error = failure { try module.reboot(place.request(config: ["timeout_seconds": .number(1)])) }
        #expect(error?.message == "module sleepy did not answer within 1 s")
        #expect(ContinuousClock.now - started < .seconds(4))
    }

    @Test("a module that ignores SIGTERM gets SIGKILL two seconds later")
    func stubbornHangIsKilled() throws {
        let place = try Scratch()
        let module = try place.module("stubborn", "#!/bin/sh\ntrap '' TERM\necho 'ignoring TERM' >&2\nwhile :; do sleep 0.1; done\n")
        let request = place.request(config: ["timeout_seconds": .number(1)])
        let started = ContinuousClock.now
        let error = failure { try module.reboot(request) }
        #expect(error?.message == "module stubborn did not answer within 1 s")
        #expect(ContinuousClock.now - started < .seconds(6))
        #expect(request.log.lines.contains("stderr: ignoring TERM"))
    }

    @Test("the time limit is read from the config and clamped to 1…300 s")
    func timeoutSetting() {
        #expect(ExternalModule.timeoutSeconds(in: .null) == 30)
        #expect(ExternalModule.timeoutSeconds(in: .object(["timeout_seconds": .number(0)])) == 1)
        #expect(ExternalModule.timeoutSeconds(in: .object(["timeout_seconds": .number(5000)])) == 300)
        #expect(ExternalModule.timeoutSeconds(in: .object(["timeout_seconds": .string("9")])) == 30)
        #expect(ExternalModule.timeoutSeconds(in: .object(["timeout_seconds": .number(12)])) == 12)
    }

    @Test("a module killed by a signal, or exiting without an answer, fails readably")
    func crashes() throws {
        let place = try Scratch()
        let segfault = try place.module("segfault", "#!/bin/sh\nkill -SEGV $$\n")
        let error = failure { try segfault.reboot(place.request()) }
        #expect(error?.message == "module segfault was killed by signal 11 (SIGSEGV) without an answer")

        let silent = try place.module("silent", "#!/bin/sh\necho 'out of cheese' >&2\nexit 3\n")
        let request = place.request()
        #expect(failure { try silent.suspend(request) }?.message == "module silent exited with status 3 without an answer")
        #expect(request.log.lines.contains("stderr: out of cheese"))

        let quiet = try place.module("quiet", "#!/bin/sh\nexit 0\n")
        #expect(failure { try quiet.suspend(place.request()) }?.message == "module quiet exited with status 0 without an answer")
    }

    @Test("a module that exits without reading a large request does not take the portal down (SIGPIPE)")
    func requestNotRead() throws {
        let place = try Scratch()
        let module = try place.module("deaf", "#!/bin/sh\nexit 3\n")
        let big = String(repeating: "x", count: 512 * 1024)
        for _ in 0..<3 {
            let error = failure { try module.reboot(place.request(config: ["padding": .string(big)])) }
            #expect(error?.message == "module deaf exited with status 3 without an answer")
        }
    }

    @Test("garbage on stdout: a readable error quoting the first 200 printable characters")
    func garbage() throws {
        let place = try Scratch()
        let module = try place.module("garbage", "#!/bin/sh\nprintf 'Segmentation\\001 fault\\033[31m (core dumped)'\nhead -c 600 /dev/zero | tr '\\0' 'z'\n")
        let error = failure { try module.reboot(place.request()) }
        let message = try #require(error?.message)
        #expect(message.hasPrefix("module garbage answered something that is not the protocol's JSON: Segmentation fault[31m (core dumped)zzz"))
        #expect(message.count < 300)
        #expect(!message.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(error?.retryable == false)

        let shaped = try place.module("shaped", "#!/bin/sh\necho '{\"result\": \"fine\", \"root_password\": \"hunter2hunter2\"}'\n")
        let wrong = try #require(failure { try shaped.reboot(place.request()) })
        #expect(wrong.message.hasPrefix("module shaped answered something that is not the protocol's JSON: {"))
        #expect(wrong.message.contains("\"result\":\"fine\""))
        #expect(!wrong.message.contains("hunter2hunter2"))
    }

    @Test("ok:false passes the module's error on, honouring retryable")
    func refusal() throws {
        let place = try Scratch()
        let final = try place.module("refuses", "#!/bin/sh\necho '{\"ok\": false, \"error\": \"the plan does not exist in region lab\", \"retryable\": false}'\n")
        let error = failure { _ = try final.create(place.request()) }
        #expect(error == ModuleError("the plan does not exist in region lab", retryable: false))

        let transient = try place.module("busy", "#!/bin/sh\necho '{\"ok\": false, \"error\": \"provider API answered 503\"}'\n")
        #expect(failure { try transient.terminate(place.request()) } == ModuleError("provider API answered 503", retryable: true))

        let createWithoutServer = try place.module("noserver", "#!/bin/sh\necho '{\"ok\": true}'\n")
        #expect(failure { _ = try createWithoutServer.create(place.request()) }?.message
                == "module noserver answered ok to create without the server's details (\"server\")")
    }

    @Test("1 MB of stderr is captured cut at 8 KB and does not block the answer")
    func hugeStderr() throws {
        let place = try Scratch()
        let module = try place.module("chatty", """
            #!/bin/sh
            head -c 1048576 /dev/zero | tr '\\0' 'e' | fold -w 100 >&2
            echo '{"ok": true, "status": "running"}'
            """)
        let request = place.request(config: ["timeout_seconds": .number(20)])
        let started = ContinuousClock.now
        #expect(try module.status(request) == "running")
        #expect(ContinuousClock.now - started < .seconds(10))
        let stderrLines = request.log.lines.filter { $0.hasPrefix("stderr: ") }
        let captured = stderrLines.dropLast().map { $0.dropFirst("stderr: ".count).count + 1 }.reduce(0, +)
        #expect(captured <= ExternalModule.maximumStderrBytes + 1)
        #expect(captured >= ExternalModule.maximumStderrBytes - 101)
        #expect(stderrLines.last?.contains("cut after 8192 bytes") == true)
        #expect(stderrLines.last?.contains("bytes in all") == true)
        #expect(request.log.text.utf8.count <= JobLog.maximumBytes)
    }

    @Test("more than 1 MiB on stdout is refused without hanging")
    func hugeAnswer() throws {
        let place = try Scratch()
        let module = try place.module("flood", "#!/bin/sh\nhead -c 3000000 /dev/zero | tr '\\0' ' '\necho '{\"ok\": true}'\n")
        let error = failure { try module.reboot(place.request(config: ["timeout_seconds": .number(20)])) }
        #expect(error?.message.hasPrefix("module flood answered more than 1048576 bytes on stdout") == true)
    }

    @Test("a module removed between look-up and call is 'not installed'; so is one no longer executable")
    func removedMidFlight() throws {
        let place = try Scratch()
        _ = try place.module("fleeting", "#!/bin/sh\necho '{\"ok\": true}'\n")
        let directory = ModuleDirectory(path: place.root.path)
        let module = try #require(directory.module(named: "fleeting"))
        try module.reboot(place.request())
        try FileManager.default.removeItem(at: place.url("fleeting"))
        let error = failure { try module.reboot(place.request()) }
        #expect(error == ModuleError("module fleeting is not installed (\(place.root.path)/fleeting is missing or not executable)", retryable: false))
        #expect(directory.module(named: "fleeting") == nil)

        _ = try place.module("plain", "#!/bin/sh\necho '{\"ok\": true}'\n")
        let plain = try #require(directory.module(named: "plain"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: place.url("plain").path)
        #expect(failure { try plain.reboot(place.request()) }?.message.hasPrefix("module plain is not installed") == true)
    }

    @Test("module names are [a-z0-9_-]{1,50}: paths, dots and odd names are refused")
    func names() throws {
        let place = try Scratch()
        _ = try place.module("good-one_2", "#!/bin/sh\necho '{\"ok\": true}'\n")
        try FileManager.default.createDirectory(at: place.url("sub"), withIntermediateDirectories: true)
        _ = try place.module("sub/inner", "#!/bin/sh\necho '{\"ok\": true}'\n")
        let directory = ModuleDirectory(path: place.url("sub").path)
        #expect(directory.module(named: "inner") != nil)
        for name in ["../good-one_2", "..", ".", "", "sub/../inner", "/bin/sh", "Inner", "inner.py", "inner ", String(repeating: "a", count: 51)] {
            #expect(directory.module(named: name) == nil, "\(name) must be refused")
        }
        #expect(ModuleDirectory.isValidName(String(repeating: "a", count: 50)))
        #expect(ModuleDirectory(path: nil).module(named: "inner") == nil)
        #expect(ModuleDirectory(path: nil).names() == [])
        #expect(ModuleDirectory(path: "").names() == [])
        #expect(ModuleDirectory(path: place.url("missing").path).names() == [])
    }

    @Test("names() lists installed executables, sorted, and sees files added and removed at runtime")
    func listing() throws {
        let place = try Scratch()
        let directory = ModuleDirectory(path: place.root.path)
        #expect(directory.names() == [])
        _ = try place.module("zeta", "#!/bin/sh\n")
        _ = try place.module("alpha", "#!/bin/sh\n")
        try Data("not a module".utf8).write(to: place.url("readme"))
        _ = try place.module("Upper", "#!/bin/sh\n")
        _ = try place.module("with.dot", "#!/bin/sh\n")
        try FileManager.default.createDirectory(at: place.url("adir"), withIntermediateDirectories: true)
        #expect(directory.names() == ["alpha", "zeta"])
        _ = try place.module("mid", "#!/bin/sh\n")
        #expect(directory.names() == ["alpha", "mid", "zeta"])
        try FileManager.default.removeItem(at: place.url("zeta"))
        #expect(directory.names() == ["alpha", "mid"])
    }

    @Test("change_password: the new password reaches the module but never the log or the error")
    func passwordStaysSecret() throws {
        let place = try Scratch()
        let module = try place.module("leaky", """
            #!/bin/sh
            request=$(cat)
            echo "got: $request" >&2
            password=$(printf '%s' "$request" | sed 's/.*"new_password":"\\([^"]*\\)".*/\\1/')
            printf '{"ok": false, "error": "refused %s", "retryable": false}' "$password"
            """)
        let request = place.request()
        let error = try #require(failure { try module.changePassword(request, newPassword: "Very-Secret-42") })
        #expect(!error.message.contains("Very-Secret-42"))
        #expect(error.message.contains("[hidden]"))
        #expect(!request.log.text.contains("Very-Secret-42"))
        #expect(request.log.text.contains("\"action\":\"change_password\""))
    }

    @Test("test_connection sends no instance and returns the module's message")
    func testConnection() throws {
        let place = try Scratch()
        let module = try place.module("pingable", """
            #!/bin/sh
            request=$(cat)
            case "$request" in *'"instance"'*) echo '{"ok": false, "error": "unexpected instance"}' ;; *) echo '{"ok": true, "message": "API reachable\\u0007, 3 regions"}' ;; esac
            """)
        #expect(try module.testConnection(config: .object(["api_url": .string("https://api.example.net")])) == "API reachable, 3 regions")
    }

    @Test("the environment a module gets leaves out the database and secrets")
    func environment() throws {
        let place = try Scratch()
        let module = try place.module("envdump", "#!/bin/sh\nenv >&2\necho '{\"ok\": true}'\n")
        setenv("VPS_TEST_EXTERNAL_SECRET", "x", 1)
        setenv("VPS_MODULE_STATE_DIR_TEST", "kept", 1)
        let request = place.request()
        try module.reboot(request)
        #expect(request.log.lines.contains("stderr: VPS_MODULE_NAME=envdump"))
        #expect(request.log.lines.contains("stderr: VPS_MODULE_PROTOCOL=1"))
        #expect(request.log.lines.contains("stderr: VPS_MODULE_STATE_DIR_TEST=kept"))
        #expect(!request.log.text.contains("VPS_TEST_EXTERNAL_SECRET"))
        #expect(!request.log.text.contains("VPS_DATABASE_URL"))
        #expect(!request.log.text.contains("PGPASSWORD"))
    }
}

/// The example module shipped in `modules/`, driven through `ExternalModule`.
@Suite("modules/example-cloud through ExternalModule")
struct ExampleCloudModuleTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("modules/example-cloud").path

    let place: Scratch
    let module = ExternalModule(name: "example-cloud", path: ExampleCloudModuleTests.path)

    init() throws {
        place = try Scratch()
    }

    private func request(id: Int = 42, _ extra: [String: JSONValue] = [:]) -> ModuleRequest {
        var config: [String: JSONValue] = ["state_file": .string(place.url("cloud.json").path), "timeout_seconds": .number(20)]
        config.merge(extra) { $1 }
        return place.request(id: id, config: config)
    }

    @Test("it is installed as a loadable module and answers test_connection")
    func installed() throws {
        let directory = ModuleDirectory(path: URL(fileURLWithPath: Self.path).deletingLastPathComponent().path)
        #expect(directory.names().contains("example-cloud"))
        #expect(directory.module(named: "example-cloud")?.path == Self.path)
        #expect(try module.testConnection(config: .object([:])).hasPrefix("example-cloud is reachable"))
    }

    @Test("create is idempotent per instance: the second call returns the same machine")
    func createTwice() throws {
        let firstRequest = request()
        let first = try module.create(firstRequest)
        let again = try module.create(request())
        let other = try module.create(request(id: 43))
        #expect(first == again)
        #expect(first.ipAddress?.hasPrefix("203.0.113.") == true)
        #expect(first.providerServerID?.hasPrefix("ec-") == true)
        #expect((first.rootPassword ?? "").count >= 16)
        #expect(first.hostname == "web42.example.net")
        #expect(other.ipAddress != first.ipAddress)
        #expect(other.providerServerID != first.providerServerID)
        #expect(firstRequest.log.lines.contains { $0.hasPrefix("stderr: example-cloud: built ec-") })
        #expect(!firstRequest.log.text.contains(first.rootPassword ?? "-"))
    }

    @Test("suspend, status, unsuspend, reboot, change_password, change_package and terminate change the machine's state")
    func lifecycle() throws {
        _ = try module.create(request())
        #expect(try module.status(request()) == "running")
        try module.suspend(request())
        #expect(try module.status(request()) == "suspended")
        let refused = failure { try module.reboot(request()) }
        #expect(refused == ModuleError("cannot reboot machine ec-1001: it is suspended", retryable: false))
        try module.unsuspend(request())
        let rebootRequest = request()
        try module.reboot(rebootRequest)
        #expect(rebootRequest.log.lines.contains("module example-cloud: machine ec-1001 rebooted"))
        let passwordRequest = request()
        try module.changePassword(passwordRequest, newPassword: "N3w-Root-Password")
        #expect(!passwordRequest.log.text.contains("N3w-Root-Password"))
        var resize = request()
        resize.instance.cpuCores = 8
        try module.changePackage(resize)
        #expect(resize.log.lines.contains("module example-cloud: machine ec-1001 now has the new package"))
        #expect(resize.log.lines.contains { $0.contains("resized ec-1001 to 8 cores") })
        try module.terminate(request())
        #expect(try module.status(request()) == "terminated")
        #expect(failure { _ = try module.status(request(id: 99)) }?.message == "example-cloud has no machine for instance 99")
    }

    @Test("fail_actions makes the named actions answer ok:false")
    func failActions() throws {
        _ = try module.create(request())
        let error = failure { try module.reboot(request(["fail_actions": .array([.string("reboot")])])) }
        #expect(error == ModuleError("example-cloud was told to fail reboot (fail_actions)", retryable: false))
        #expect(try module.status(request(["fail_actions": .array([.string("reboot")])])) == "running")
        let failedCreate = failure { _ = try module.create(request(id: 7, ["fail_actions": .array([.string("create")])])) }
        #expect(failedCreate?.message == "example-cloud was told to fail create (fail_actions)")
    }

    @Test("concurrent creates for different instances get distinct addresses (file lock)")
    func concurrentCreates() async throws {
        let module = self.module
        let configs = (1...8).map { id in
            (id, JSONValue.object(["state_file": .string(place.url("cloud.json").path), "timeout_seconds": .number(30)]))
        }
        let addresses = try await withThrowingTaskGroup(of: String.self) { group in
            for (id, config) in configs {
                group.addTask {
                    let request = ModuleRequest(instance: Scratch.instance(id: id), config: config, log: JobLog(),
                                                connection: PostgresConnection(lazy: "host=/nonexistent"))
                    return try module.create(request).ipAddress ?? ""
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(addresses).count == 8)
    }
}

/// A temporary directory for one test's scripts, removed when the test ends.
final class Scratch: Sendable {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("vps-modules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    func url(_ name: String) -> URL { root.appendingPathComponent(name) }

    /// Writes an executable script and returns the module for it.
    func module(_ name: String, _ script: String) throws -> ExternalModule {
        let file = url(name)
        try Data(script.utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        return ExternalModule(name: (name as NSString).lastPathComponent, path: file.path)
    }

    static func instance(id: Int) -> ModuleInstance {
        ModuleInstance(id: id, hostname: "web\(id).example.net", operatingSystem: "debian-12", cpuCores: 2, ramGB: 4, storageGB: 40,
                       bandwidthTB: 1, datacenterLocation: "Amsterdam", region: "eu", providerServerID: "")
    }

    func request(id: Int = 42, config: [String: JSONValue] = ["region": .string("lab")]) -> ModuleRequest {
        ModuleRequest(instance: Self.instance(id: id), config: .object(config), log: JobLog(),
                      connection: PostgresConnection(lazy: "host=/nonexistent"))
    }
}

/// The `ModuleError` `body` throws, or nil (recorded as an issue) when it throws nothing or something else.
func failure(_ body: () throws -> Void) -> ModuleError? {
    do {
        try body()
        Issue.record("expected a ModuleError")
        return nil
    } catch let error as ModuleError {
        return error
    } catch {
        Issue.record("expected a ModuleError, got \(error)")
        return nil
    }
}
