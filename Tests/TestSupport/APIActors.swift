@testable import Domain
import Foundation
import Postgres

/// Signed-in actors for end-to-end tests: bearer tokens made in-process, plus TOTP for step-up.
public struct StaffActor: Sendable {
    public let user: User
    public let totp: TOTP
    public let token: String

    /// Authorization header, optionally with a step-up code `steps` away from now.
    public func headers(code steps: Int64? = nil, extra: [String: String] = [:]) throws -> [String: String] {
        var headers = extra
        headers["Authorization"] = "Bearer \(token)"
        if let steps { headers["X-2FA-Code"] = try Fixtures.code(totp, steps: steps) }
        return headers
    }
}

public struct CustomerActor: Sendable {
    public let user: User
    public let token: String
    public var headers: [String: String] { ["Authorization": "Bearer \(token)"] }
}

extension Fixtures {
    public static func staffActor(on connection: PostgresConnection, role: Role = .admin) throws -> StaffActor {
        let (user, totp) = try enrolledStaff(on: connection, role: role)
        let issued = try APITokens.issue(on: connection, user: user, name: "test", scope: .write, actor: Actor(user), origin: .commandLine)
        return StaffActor(user: user, totp: totp, token: issued.token)
    }

    public static func customerActor(on connection: PostgresConnection) throws -> CustomerActor {
        let user = try customer(on: connection)
        let issued = try APITokens.issue(on: connection, user: user, name: "test", scope: .write, actor: Actor(user), origin: .commandLine)
        return CustomerActor(user: user, token: issued.token)
    }

    /// A valid product body; `overrides` replace fields.
    public static func productBody(_ overrides: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "name": "VPS Test \(UUID().uuidString.prefix(6))", "description": "A test server", "server_type": "vps",
            "cpu_cores": 2, "cpu_model": "EPYC 7543", "ram_gb": 4, "storage_gb": 80, "storage_type": "nvme", "bandwidth_tb": 2,
            "ip_addresses": 1, "datacenter_location": "Frankfurt", "region": "eu-central", "price_monthly": "29.99",
            "price_quarterly": 84.99, "price_yearly": "299.99", "setup_fee": 0, "provisioning_type": "manual",
            "provisioning_module": "manual", "is_active": true, "stock_count": NSNull(), "available_os": ["debian-12", "ubuntu-24.04"],
        ]
        for (key, value) in overrides { body[key] = value }
        return body
    }
}
