import ArgumentParser
import BenchSeed
import Domain
import Foundation
import Postgres

/// `vpsctl seed`: the demo products that are missing, and demo accounts on a database without
/// any; writes the logins to `var/demo-logins.txt`. Safe to run again.
///
/// With `--customers/--servers/--orders` it also adds scale data for benchmarks (each run adds
/// more; the bench accounts are made once), and `--bench-tokens FILE` writes the credentials
/// `make bench` uses. The SQL lives in `Domain.ScaleSeed`.
struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Add missing demo products, and demo accounts to a database without any (prints the logins).",
        discussion: """
            Scale data: --customers N --servers M --orders K add that many rows (a second run adds more). All customers \
            of one run share one password, printed at the end; the bench staff account (bench-staff@bench.test, enrolled \
            in two-factor sign-in) and the bench customer (bench-customer@bench.test, exactly 10 active servers) are made once.
            """)

    @Option(help: "Scale customers to add.") var customers = 0
    @Option(help: "Scale servers to add (built from this run's active orders when --orders is given).") var servers = 0
    @Option(help: "Scale orders to add, with items, and payments for the paid ones.") var orders = 0
    @Option(help: "Rows per INSERT statement.") var batchSize = 25_000
    @Option(help: "Write bench credentials (tokens, session cookies, active server ids) as JSON to this file.")
    var benchTokens: String?
    @Flag(help: "Delete the jobs the bench staff account requested (after the reboot case of make bench).")
    var clearBenchJobs = false

    func validate() throws {
        guard customers >= 0, servers >= 0, orders >= 0, batchSize > 0 else {
            throw ValidationError("--customers, --servers and --orders must not be negative; --batch-size must be positive")
        }
    }

    func run() throws {
        let configuration = try Configuration.load()
        let connection = try PostgresConnection(connectionString: configuration.databaseURL)
        if clearBenchJobs {
            print("seed: \(try ScaleSeed.clearBenchJobs(on: connection)) bench jobs deleted")
        }
        try seedDemo(configuration, connection)
        if customers + servers + orders > 0 {
            try ScaleSeeding(customers: customers, servers: servers, orders: orders, batchSize: batchSize)
                .run(configuration, connection)
        }
        if let benchTokens {
            let credentials = try ScaleSeed.benchCredentials(on: connection)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(credentials)
            guard FileManager.default.createFile(atPath: benchTokens, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw ValidationError("cannot write \(benchTokens)")
            }
            print("seed: bench credentials written to \(benchTokens) (\(credentials.rebootServerIDs.count) active server ids)")
        }
    }

    /// The demo products that are missing, and the demo accounts on a database without accounts.
    private func seedDemo(_ configuration: Configuration, _ connection: PostgresConnection) throws {
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
        let customer = try Users.create(
            on: connection, email: "customer@demo.test", name: "Demo Customer", password: customerPassword, role: .customer,
            actor: .commandLine, origin: .commandLine)
        try DemoCompany.apply(customerID: customer.id, on: connection)
        let historyProducts = try ["VPS Starter", "VPS Pro"].compactMap { name in
            try connection.query("SELECT id FROM products WHERE name = $1", [name]).firstRow?.decode(Int.self, "id")
        }
        let invoices = try DemoBillingHistory.make(customerID: customer.id, productIDs: historyProducts, months: 4, on: connection)
        print("seed: the demo customer has 4 months of billing history (\(invoices) invoices, the newest unpaid)")
        let logins = """
            Demo logins (created by `vpsctl seed`):
              admin     admin@demo.test     \(adminPassword)
                        TOTP secret \(enrolment.secretBase32) — add it to an authenticator app; the first sign-in confirms it
              customer  customer@demo.test  \(customerPassword)

            """
        print(logins, terminator: "")
        let directory = ProcessInfo.processInfo.environment["VPS_VAR"] ?? Configuration.checkoutRoot() + "/var"
        let path = directory + "/demo-logins.txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data(logins.utf8), attributes: [.posixPermissions: 0o600])
    }

    /// A readable random password (16 base32 characters in groups).
    static func password() throws -> String {
        let text = Base32.encode(try SecureRandom.bytes(10)).lowercased()
        return "\(text.prefix(4))-\(text.dropFirst(4).prefix(4))-\(text.dropFirst(8).prefix(4))-\(text.dropFirst(12).prefix(4))"
    }
}

/// The scale part of `vpsctl seed`: bench accounts, then the rows, with progress and a summary.
private struct ScaleSeeding {
    var customers: Int
    var servers: Int
    var orders: Int
    var batchSize: Int

    func run(_ configuration: Configuration, _ connection: PostgresConnection) throws {
        let password = try SeedCommand.password()
        let accounts = try ScaleSeed.ensureBenchAccounts(
            password: password, twoFactor: TwoFactor(box: try configuration.secretBox()), on: connection)
        let hash = try PasswordHasher().hash(password)
        let started = ContinuousClock.now
        let bar = ProgressBar(onTerminal: isatty(STDOUT_FILENO) == 1)
        let ((summary, seconds), facts) = try ReportFacts.bulkLoad(on: connection) {
            let summary = try ScaleSeed.run(
                ScaleSeed.Plan(customers: customers, servers: servers, orders: orders, batchSize: batchSize), passwordHash: hash,
                on: connection, progress: { bar.show($0, since: started) })
            return (summary, max(0.001, (ContinuousClock.now - started) / .seconds(1)))
        }
        print(String(format: "seed: the reports' figures rebuilt from the raw rows (%d facts) in %.1f s", facts,
                     (ContinuousClock.now - started) / .seconds(1) - seconds))
        print(String(
            format: "seed: added %d customers, %d orders (%d items, %d payments), %d servers, %d invoices (%d paid by card): %d rows in %.1f s (%.0f rows/s)",
            summary.customers, summary.orders, summary.orderItems, summary.payments, summary.servers, summary.invoices,
            summary.invoicePayments, summary.rows, seconds,
            Double(summary.rows) / seconds))
        if summary.customers > 0 {
            print("seed: every customer added by this run signs in with the shared bench password \(password)")
        }
        if accounts.created, let password = accounts.password {
            print("""
                Bench logins (created by `vpsctl seed`):
                  staff     \(ScaleSeed.staffEmail)     \(password)   (marked enrolled in two-factor sign-in)
                            TOTP secret \(accounts.staffTOTPSecret ?? "(unchanged)")
                  customer  \(ScaleSeed.customerEmail)  \(password)   (\(ScaleSeed.benchCustomerServers) active servers)
                """)
        } else {
            print("seed: bench accounts \(ScaleSeed.staffEmail) (staff) and \(ScaleSeed.customerEmail) (customer) already exist; passwords unchanged")
        }
    }
}

/// Progress on stdout: a redrawn bar on a terminal, one plain line per batch otherwise.
private struct ProgressBar {
    var onTerminal: Bool

    func show(_ progress: ScaleSeed.Progress, since started: ContinuousClock.Instant) {
        let fraction = progress.total == 0 ? 1 : Double(progress.done) / Double(progress.total)
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        let counts = "\(progress.phase) \(progress.done)/\(progress.total)"
        if onTerminal {
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            print(String(format: "\r[%@] %3.0f%% %@ %.1f s\u{1B}[K", bar, fraction * 100, counts, seconds), terminator: "")
            if progress.done == progress.total { print("") }
        } else {
            print(String(format: "seed: %@ (%.1f s)", counts, seconds))
        }
        fflush(nil)
    }
}
