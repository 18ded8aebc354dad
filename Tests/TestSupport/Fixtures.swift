@testable import Domain
import Foundation
import Postgres

/// Accounts and helpers for tests that run against the test stack's database.
public enum Fixtures {
    /// A password that passes validation.
    public static let password = "correct horse battery staple"

    /// The sealing key the workers use.
    public static func box() throws -> SecretBox {
        try SecretBox(key: try TestEnvironment.secretKey())
    }

    /// An email no other test uses.
    public static func uniqueEmail(_ prefix: String = "user") -> String {
        "\(prefix)-\(UUID().uuidString.prefix(12).lowercased())@example.test"
    }

    /// A request origin with its own address, so throttling in one test does not touch another.
    public static func origin() -> RequestOrigin {
        RequestOrigin(address: "test-" + UUID().uuidString.prefix(8).lowercased(), userAgent: "swift-testing", requestID: "test")
    }

    /// A new customer.
    public static func customer(on connection: PostgresConnection, email: String = uniqueEmail("customer")) throws -> User {
        try Users.create(
            on: connection, email: email, name: "Test Customer", password: password, role: .customer,
            actor: .commandLine, origin: .commandLine)
    }

    /// A staff member enrolled in TOTP. Enrolment used the code of the previous time step,
    /// so the current and the next step's codes are still unused. That code is valid only until
    /// the current step ends: with less than three seconds left, this waits for the next step.
    public static func enrolledStaff(on connection: PostgresConnection, role: Role = .admin) throws -> (user: User, totp: TOTP) {
        let user = try Users.create(
            on: connection, email: uniqueEmail(role.rawValue), name: "Test \(role.rawValue)", password: password, role: role,
            actor: .commandLine, origin: .commandLine)
        let enrolled = try enrol(user, on: connection)
        return (enrolled.user, enrolled.totp)
    }

    /// A customer who turned two-factor sign-in on, as `enrolledStaff` enrols, with the recovery codes.
    public static func enrolledCustomer(on connection: PostgresConnection) throws -> (user: User, totp: TOTP, recoveryCodes: [String]) {
        try enrol(try customer(on: connection), on: connection)
    }

    /// Enrols `user` with the previous time step's code (see `enrolledStaff`).
    public static func enrol(_ user: User, on connection: PostgresConnection) throws -> (user: User, totp: TOTP, recoveryCodes: [String]) {
        let twoFactor = TwoFactor(box: try box())
        let enrolment = try twoFactor.pendingEnrolment(for: user, on: connection)
        let totp = TOTP(secret: Base32.decode(enrolment.secretBase32) ?? [])
        awayFromStepEnd()
        let previous = totp.step(at: Date()) - 1
        let codes = try twoFactor.confirm(user: user, code: try totp.code(forStep: previous), on: connection, origin: .commandLine)
        return (try Users.find(id: user.id, on: connection)!, totp, codes)
    }

    /// Waits for the next TOTP time step when the current one has less than three seconds left,
    /// so a code computed now is still current when the portal checks it.
    public static func awayFromStepEnd() {
        let left = 30 - Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 30)
        if left < 3 { Thread.sleep(forTimeInterval: left + 0.05) }
    }

    /// A product on the manual module (2 vCPU, 4 GB, 50 GB, 10.00 a month).
    public static func product(on connection: PostgresConnection) throws -> Product {
        var input = ProductInput()
        input.scalars = ["name": "Fixture VPS \(UUID().uuidString.prefix(6))", "server_type": "vps", "cpu_cores": "2", "ram_gb": "4",
                         "storage_gb": "50", "price_monthly": "10.00", "setup_fee": "0", "provisioning_type": "manual",
                         "provisioning_module": "manual", "is_active": "true"]
        return try Products.create(try ProductDraft.validate(input), on: connection, actor: .commandLine, origin: .commandLine)
    }

    /// A new customer's server on a fixture product, as staff provisioned it (pending, its build job queued).
    public static func server(on connection: PostgresConnection, hostname: String? = nil) throws -> ServerInstance {
        let (staff, _) = try enrolledStaff(on: connection)
        return try ServerActions.provision(
            customerID: try customer(on: connection).id, productID: try product(on: connection).id, hostname: hostname, operatingSystem: nil,
            by: staff, on: connection, origin: .commandLine).server
    }

    /// The code of the current time step (offset by `steps`).
    public static func code(_ totp: TOTP, steps: Int64 = 0) throws -> String {
        try totp.code(forStep: totp.step(at: Date()) + steps)
    }
}
