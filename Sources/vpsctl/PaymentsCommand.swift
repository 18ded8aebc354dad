import ArgumentParser
import Domain
import Postgres

/// `vpsctl payments enable-demo`: turns on the demo gateway (with a random webhook secret if it
/// has none). `make start` (hence `make run` and the test stacks) calls it; a production
/// deploy never does, so no real portal takes demo payments unless an admin enables them.
struct PaymentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments", abstract: "Payment gateways.", subcommands: [EnableDemo.self, ConfigureStripe.self])

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
}
