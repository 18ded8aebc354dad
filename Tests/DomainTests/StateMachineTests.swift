@testable import Domain
import Testing

@Suite("State machines and money")
struct StateMachineTests {
    @Test("order statuses move only along the lifecycle")
    func orders() throws {
        let allowed: Set<String> = ["pending>paid", "pending>cancelled", "paid>active", "paid>refunded", "active>refunded"]
        for from in OrderStatus.allCases {
            for to in OrderStatus.allCases {
                let key = "\(from.rawValue)>\(to.rawValue)"
                #expect(from.canMove(to: to) == allowed.contains(key), "\(key)")
                if !allowed.contains(key) {
                    #expect(throws: DomainError.conflict("The order is \(from.rawValue); it cannot become \(to.rawValue).")) { try from.moving(to: to) }
                }
            }
        }
    }

    @Test("server statuses move only along the lifecycle")
    func servers() {
        let allowed: Set<String> = [
            "pending_provisioning>provisioning", "pending_provisioning>active", "pending_provisioning>failed", "provisioning>active",
            "provisioning>failed", "active>suspended", "active>terminated", "suspended>active", "suspended>terminated",
            "failed>provisioning", "failed>pending_provisioning",
        ]
        for from in ServerStatus.allCases {
            for to in ServerStatus.allCases {
                #expect(from.canMove(to: to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from.rawValue)>\(to.rawValue)")
            }
        }
        #expect(ServerStatus.terminated.successors.isEmpty)
    }

    @Test("actions are accepted only from the statuses that allow them")
    func actions() {
        #expect(ServerAction.reboot.allowedFrom == [.active])
        #expect(!ServerAction.reboot.allowedFrom.contains(.suspended), "suspension must block reboots")
        #expect(ServerAction.unsuspend.allowedFrom == [.suspended])
        #expect(ServerAction.terminate.allowedFrom == [.active, .suspended])
        #expect(ServerAction.provision.allowedFrom == [.pendingProvisioning, .failed])
        #expect(ServerAction.suspend.resultingStatus == .suspended)
        #expect(ServerAction.reboot.resultingStatus == nil)
    }

    @Test("money parses at most two decimals and prints exactly", arguments: [
        ("29.99", "29.99"), ("30", "30.00"), ("0.5", "0.50"), ("-1.25", "-1.25"), ("0", "0.00"), ("1234567.89", "1234567.89"),
    ])
    func moneyParsing(_ text: String, _ printed: String) throws {
        #expect(try #require(Money(text)).description == printed)
    }

    @Test("money refuses junk, three decimals and overflow", arguments: ["29.999", "1e3", "abc", "", ".5", "5.", "1,00", "99999999999999999", "--1"])
    func moneyRefusals(_ text: String) {
        #expect(Money(text) == nil)
    }

    @Test("money arithmetic is exact where floating point is not")
    func moneyArithmetic() throws {
        let tenCents = try #require(Money("0.10")), twenty = try #require(Money("0.20"))
        #expect((tenCents + twenty).description == "0.30")
        #expect((try #require(Money("19.99")) * 3).description == "59.97")
    }

    @Test("host names follow RFC 1123", arguments: [("web1.example.com", true), ("a", true), ("-bad.example", false), ("bad_.example", false),
                                                       ("x..y", false), (String(repeating: "a", count: 64) + ".com", false)])
    func hostnames(_ name: String, _ valid: Bool) {
        #expect(Hostname.isValid(name) == valid)
    }
}

@Suite("Module registry")
struct ModuleRegistryTests {
    @Test("built-in modules are found by name and say how they build, through the protocol")
    func builtIns() throws {
        let registry = ModuleRegistry(directory: ModuleDirectory(path: nil))
        let manual: any ProvisioningModule = try registry.module(named: "manual")
        let demo: any ProvisioningModule = try registry.module(named: "demo")
        #expect(!manual.buildsImmediately, "a manual build waits in pending_provisioning")
        #expect(demo.buildsImmediately)
        #expect(throws: ModuleError.self) { try registry.module(named: "no-such-module") }
    }
}
