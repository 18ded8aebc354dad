import Domain

/// One input of the server edit form: its contract name, label, value and error.
public struct ServerEditField: Sendable {
    public var name: String
    public var id: String
    public var label: String
    public var inputType: String
    public var value: String
    public var error: String?
    public var hint: String?
    public var autocomplete: String
    public var isTextarea: Bool
    public var isInput: Bool

    /// Fields in form order: (name, label, input type). Passwords are never shown, only replaced.
    public static let specs: [(name: String, label: String, type: String)] = [
        ("hostname", "Hostname", "text"), ("ip_address", "IP address", "text"), ("mac_address", "MAC address", "text"),
        ("ssh_port", "SSH port", "number"), ("operating_system", "Operating system", "text"), ("os_version", "OS version", "text"),
        ("datacenter_location", "Location", "text"), ("region", "Region", "text"), ("control_panel_url", "Control panel URL", "url"),
        ("control_panel_type", "Control panel type", "text"), ("control_panel_username", "Control panel username", "text"),
        ("provider_server_id", "Provider server id", "text"), ("suspension_reason", "Suspension reason", "text"),
        ("root_password", "New root password", "password"), ("control_panel_password", "New control panel password", "password"),
        ("notes", "Notes", "textarea"),
    ]

    /// Names of the fields whose value is a secret: empty means unchanged, and they are never echoed.
    public static let secretFields: Set<String> = ["root_password", "control_panel_password"]

    /// Fields whose stored value the page does not show (secrets, and the panel login kept beside them):
    /// empty means unchanged.
    public static let unshownFields: Set<String> = secretFields.union(["control_panel_username"])

    /// The stored value of an edit field (empty for unshown fields and unknown names).
    public static func storedValue(_ name: String, of server: ServerInstance) -> String {
        switch name {
        case "hostname": return server.hostname
        case "ip_address": return server.ipAddress
        case "mac_address": return server.macAddress
        case "ssh_port": return String(server.sshPort)
        case "operating_system": return server.operatingSystem
        case "os_version": return server.osVersion
        case "datacenter_location": return server.datacenterLocation
        case "region": return server.region
        case "notes": return server.notes
        case "control_panel_url": return server.controlPanelURL
        case "control_panel_type": return server.controlPanelType
        case "provider_server_id": return server.providerServerID
        case "suspension_reason": return server.suspensionReason
        default: return ""
        }
    }

    /// The form's fields with the stored values, or the submitted ones (`submitted`) when re-rendering.
    public static func fields(for server: ServerInstance, submitted: [String: String]?, errors: FormErrors) -> [ServerEditField] {
        specs.map { spec in
            let isSecret = secretFields.contains(spec.name)
            let value = isSecret ? "" : (submitted?[spec.name] ?? storedValue(spec.name, of: server))
            let hint: String? = isSecret ? "Leave empty to keep the current one."
                : (unshownFields.contains(spec.name) ? "Shown with the credentials; leave empty to keep it." : nil)
            return ServerEditField(
                name: spec.name, id: "edit-" + spec.name.replacingOccurrences(of: "_", with: "-"), label: spec.label, inputType: spec.type,
                value: value, error: errors[spec.name], hint: hint, autocomplete: isSecret ? "new-password" : "off",
                isTextarea: spec.type == "textarea", isInput: spec.type != "textarea")
        }
    }
}
