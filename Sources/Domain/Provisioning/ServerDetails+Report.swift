import Foundation

extension ServerDetails {
    /// The fields an admin reports when closing a manual build, by their form and JSON names.
    public static let reportedFields = [
        "hostname", "ip_address", "root_password", "operating_system", "ssh_port", "control_panel_url", "control_panel_username",
        "control_panel_password",
    ]

    /// The details an admin reported as text (form fields or JSON values, by `reportedFields`
    /// name): trimmed, empty ones left out; an SSH port outside 1–65535 is a field error.
    /// Whether a build has everything it needs is `ManualTasks.complete`'s business.
    public init(reported fields: [String: String]) throws {
        func text(_ name: String) -> String? {
            let value = (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        var sshPort: Int?
        if let port = text("ssh_port") {
            guard let number = Int(port), (1...65535).contains(number) else { throw DomainError.invalid("ssh_port", "must be from 1 to 65535") }
            sshPort = number
        }
        self.init(
            hostname: text("hostname"), ipAddress: text("ip_address"), rootPassword: text("root_password"), sshPort: sshPort,
            controlPanelURL: text("control_panel_url"), controlPanelUsername: text("control_panel_username"),
            controlPanelPassword: text("control_panel_password"), operatingSystem: text("operating_system"))
    }
}
