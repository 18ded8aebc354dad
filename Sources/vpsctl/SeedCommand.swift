import ArgumentParser
import Domain
import Foundation
import Postgres

/// `vpsctl seed`: the demo products that are missing, and demo accounts on a database without
/// any; writes the logins to `var/demo-logins.txt`. Safe to run again.
struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Add missing demo products, and demo accounts to a database without any (prints the logins).")

    func run() throws {
        let configuration = try Configuration.load()
        let connection = try PostgresConnection(connectionString: configuration.databaseURL)
        var added = 0
        for product in DemoCatalog.products {
            let name = product.scalars["name"].flatMap { $0 } ?? ""
            let exists = try connection.query("SELECT 1 FROM products WHERE name = $1", [name]).firstRow != nil
            guard !exists else { continue }
            try Products.create(try ProductDraft.validate(product), on: connection, actor: .commandLine, origin: .commandLine)
            added += 1
        }
        print("seed: \(added) demo products added")
        let existing = try connection.query("SELECT count(*) AS n FROM users")[0].decode(Int.self, "n")
        guard existing == 0 else {
            print("seed: the database already has accounts; no demo accounts made")
            return
        }
        let adminPassword = try Self.password(), customerPassword = try Self.password()
        let admin = try Users.create(
            on: connection, email: "admin@demo.test", name: "Demo Admin", password: adminPassword, role: .admin,
            actor: .commandLine, origin: .commandLine)
        let enrolment = try TwoFactor(box: try configuration.secretBox()).pendingEnrolment(for: admin, on: connection)
        try Users.create(
            on: connection, email: "customer@demo.test", name: "Demo Customer", password: customerPassword, role: .customer,
            actor: .commandLine, origin: .commandLine)
        let logins = """
            Demo logins (created by `vpsctl seed`):
              admin     admin@demo.test     \(adminPassword)
                        TOTP secret \(enrolment.secretBase32) — add it to an authenticator app; the first sign-in confirms it
              customer  customer@demo.test  \(customerPassword)

            """
        print(logins, terminator: "")
        let directory = ProcessInfo.processInfo.environment["VPS_VAR"] ?? Configuration.checkoutRoot() + "/var"
        let path = directory + "/demo-logins.txt"
        FileManager.default.createFile(atPath: path, contents: Data(logins.utf8), attributes: [.posixPermissions: 0o600])
    }

    /// A readable random password (12 base32 characters in groups).
    private static func password() throws -> String {
        let text = Base32.encode(try SecureRandom.bytes(10)).lowercased()
        return "\(text.prefix(4))-\(text.dropFirst(4).prefix(4))-\(text.dropFirst(8).prefix(4))-\(text.dropFirst(12).prefix(4))"
    }
}
