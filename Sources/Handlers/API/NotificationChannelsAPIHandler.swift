import Domain

/// `/api/v1/settings/notifications/channels` (admins): the loadable channels registered with
/// `vpsctl notifications install`; `PATCH …/{name}` enables one, picks its events and replaces its
/// sealed settings (`X-2FA-Code`).
enum NotificationChannelsAPIHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try context.caller.admin()
        return try .json(ListBody(items: try LoadableChannels.list(directory: directory(context), on: context.caller.connection), nextCursor: nil))
    }

    /// `{"enabled": bool, "events": [..], "settings": {..}}`, each optional.
    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        var enabled: Bool?
        switch body.fields["enabled"] {
        case nil, .null?: enabled = nil
        case .bool(let flag)?: enabled = flag
        default: throw field("enabled", "must be true or false")
        }
        var events: [String]?
        if let value = body.fields["events"], value != .null {
            guard case .array(let items) = value else { throw field("events", "must be a list of event keys") }
            events = try items.map { item in
                guard case .string(let text) = item else { throw field("events", "must be a list of event keys") }
                return text
            }
        }
        var settings: [String: JSONValue]?
        if let value = body.fields["settings"], value != .null {
            guard case .object(let object) = value else { throw field("settings", "must be a JSON object") }
            settings = object
        }
        var channel = try LoadableChannelSettings.update(
            try context.parameter("name"), enabled: enabled, events: events, settings: settings, box: context.services.paymentGateways.box,
            twoFactor: context.services.twoFactor, by: context.caller, code: context.stepUpCode)
        channel.installed = directory(context).channel(named: channel.name) != nil
        return try .json(channel)
    }

    private static func directory(_ context: RequestContext) -> ChannelDirectory {
        ChannelDirectory(modules: .fromEnvironment(), box: context.services.paymentGateways.box)
    }

    private static func field(_ name: String, _ message: String) -> HTTPError {
        HTTPError(.unprocessableContent, title: "Invalid input", detail: "\(name) \(message)", fieldErrors: [.init(field: name, message: message)])
    }
}
