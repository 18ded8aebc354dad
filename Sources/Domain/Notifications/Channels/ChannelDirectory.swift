import Foundation
import Postgres

/// The loadable notification channels: executables in the `channels/` folder of `VPS_MODULES_DIR`,
/// one per channel, named like it (the gateways' name rule; `email`, `sms` and `webhook` are the
/// built-ins'). Read per look-up like `ModuleDirectory`; a channel only delivers once its
/// `notification_channels` row exists (`vpsctl notifications install NAME`) and is enabled.
public struct ChannelDirectory: Sendable {
    /// The built-in channels' names, which no loadable channel may take.
    public static let builtInNames: Set<String> = [EmailChannel.name, SMSChannel.name, WebhookChannel.name]

    /// The `channels` folder, or nil when no loadable modules are configured.
    public let path: String?
    /// Opens the channels' sealed settings at delivery.
    let box: SecretBox

    /// `modules` is the modules directory (`VPS_MODULES_DIR`).
    public init(modules: ModuleDirectory, box: SecretBox) {
        path = modules.path.map { $0 + "/channels" }
        self.box = box
    }

    /// Channel `name`, when an executable of that name is in the folder now.
    public func channel(named name: String) -> ExternalChannel? {
        guard let path, Self.isValidName(name) else { return nil }
        let file = "\(path)/\(name)"
        return ExternalModuleFile.isExecutable(file) ? ExternalChannel(name: name, path: file, box: box) : nil
    }

    /// `^[a-z][a-z0-9_]{1,30}$` and not a built-in's name, as `notification_channels` checks.
    public static func isValidName(_ name: String) -> Bool {
        GatewayDirectory.isValidName(name) && !builtInNames.contains(name)
    }
}
