import ArgumentParser
import Domain
import Postgres

/// `vpsctl notifications install NAME`: registers a loadable channel, disabled.
struct NotificationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications", abstract: "Notification channels.", subcommands: [Install.self])

    /// Gives the executable `VPS_MODULES_DIR/channels/NAME` its `notification_channels` row.
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install", abstract: "Register the loadable channel VPS_MODULES_DIR/channels/NAME (disabled until an admin enables it).")

        @Argument(help: "The channel's name: its executable's file name, ^[a-z][a-z0-9_]{1,30}$.")
        var name: String

        func run() throws {
            let configuration = try Configuration.load()
            let connection = try PostgresConnection(connectionString: configuration.databaseURL)
            let directory = ChannelDirectory(modules: ModuleDirectory(path: configuration.modulesDirectory), box: try configuration.secretBox())
            let (channel, created) = try CommandFailure.report { try LoadableChannels.install(name, from: directory, on: connection) }
            print("notifications: channel \(name) \(created ? "installed" : "was installed already"); "
                  + "\(channel.enabled ? "enabled" : "disabled: choose its events and settings and enable it with PATCH /api/v1/settings/notifications/channels/\(name)")")
        }
    }
}
