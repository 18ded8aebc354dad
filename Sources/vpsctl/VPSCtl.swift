import ArgumentParser

/// The one binary of VPS Portal.
@main
struct VPSCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vpsctl",
        abstract: "VPS Portal: FastCGI workers, supervisor, migrations and administration.",
        subcommands: [
            ServeCommand.self, WorkerCommand.self, JobsCommand.self, MigrateCommand.self, SeedCommand.self,
            AdminCommand.self, CustomerCommand.self, TokenCommand.self, RoutesCommand.self, BillingCommand.self, PaymentsCommand.self,
            NotificationsCommand.self, ReportsCommand.self, ProfileCommand.self,
        ]
    )
}
