import ArgumentParser
import Domain
import Postgres

/// `vpsctl payments enable-demo`: turns on the demo gateway (with a random webhook secret if it
/// has none). `make start` (hence `make run` and the test stacks) calls it; a production
/// deploy never does, so no real portal takes demo payments unless an admin enables them.
struct PaymentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments", abstract: "Payment gateways.", subcommands: [EnableDemo.self, ConfigureStripe.self, Install.self])

    struct EnableDemo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable-demo", abstract: "Enable the demo payment gateway (demo and test stacks only).")

        func run() throws {
            let configuration = try Configuration.load()
            let connection = try PostgresConnection(connectionString: configuration.databaseURL)
            let box = try configuration.secretBox()
            try PaymentSettingsChange(gateways: PaymentGateways(box: box), twoFactor: TwoFactor(box: box)).enableDemo(on: connection)
            print("payments: the demo gateway is enabled")
        }
    }

    /// Reads the secret key and the webhook secret, one a line, from standard input (never argv).
    struct ConfigureStripe: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "configure-stripe", abstract: "Enable the stripe gateway; reads the secret key, then the webhook secret, from stdin.")

        @Option(help: "Stripe's API address (a test stack's fake).")
        var apiBase = "https://api.stripe.com"

        func run() throws {
            let configuration = try Configuration.load()
            let connection = try PostgresConnection(connectionString: configuration.databaseURL)
            let box = try configuration.secretBox()
            let secretKey = readLine(strippingNewline: true) ?? "", webhookSecret = readLine(strippingNewline: true) ?? ""
            try PaymentSettingsChange(gateways: PaymentGateways(box: box), twoFactor: TwoFactor(box: box))
                .configureStripe(apiBase: apiBase, secretKey: secretKey, webhookSecret: webhookSecret, on: connection)
            print("payments: the stripe gateway is enabled, talking to \(apiBase)")
        }
    }

    /// Registers a loadable gateway found in `VPS_MODULES_DIR/gateways`, disabled.
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install", abstract: "Register the loadable gateway VPS_MODULES_DIR/gateways/NAME (disabled until an admin enables it).")

        @Argument(help: "The gateway's name: its executable's file name, ^[a-z][a-z0-9_]{1,30}$.")
        var name: String

        func run() throws {
            let configuration = try Configuration.load()
            let connection = try PostgresConnection(connectionString: configuration.databaseURL)
            let directory = GatewayDirectory(modules: ModuleDirectory(path: configuration.modulesDirectory))
            let (settings, created) = try CommandFailure.report { try GatewayInstallation.install(name, from: directory, on: connection) }
            print("payments: gateway \(name) \(created ? "installed" : "was installed already"); "
                  + "\(settings.enabled ? "enabled" : "disabled: set its webhook secret and enable it on /admin/settings/payments")")
        }
    }
}
