import Domain
import Views

/// `/admin/webhooks`: the page twin of `/api/v1/webhooks` — subscriptions, a delivery log under
/// `?id=`, and the admins' forms (subscribe, unsubscribe, test ping, redeliver, enable).
enum WebhookPagesHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let notice: String? = switch context.query["done"] ?? "" {
        case "deleted": "The subscription is deleted."
        case "ping": "A test ping is queued."
        case "redeliver": "The event is queued again."
        case "enabled": "The subscription is enabled again."
        case "settings": "Webhook settings saved."
        default: nil
        }
        return try render(context, notice: notice)
    }

    /// `POST /admin/webhooks` (`url`, `events` comma-separated): the page with the secret, shown once.
    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let events = (form["events"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        let made = try WebhookSubscriptions(box: context.services.paymentGateways.box).create(url: form["url"], events: events, by: context.caller)
        return try render(context, selected: made.id, secret: made.secret, notice: "Subscribed #\(made.id).")
    }

    static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        try WebhookSubscriptions.delete(id: try context.idParameter(), by: context.caller)
        return .redirect(to: "/admin/webhooks?done=deleted")
    }

    static func ping(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try context.idParameter()
        _ = try WebhookSubscriptions.ping(id: id, by: context.caller)
        return .redirect(to: "/admin/webhooks?id=\(id)&done=ping")
    }

    static func redeliver(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try context.idParameter()
        _ = try WebhookSubscriptions.redeliver(id: id, eventID: try context.form()["event_id"] ?? "", by: context.caller)
        return .redirect(to: "/admin/webhooks?id=\(id)&done=redeliver")
    }

    static func enable(_ request: Request, _ context: RequestContext) throws -> Response {
        let id = try context.idParameter()
        _ = try WebhookSubscriptions.enable(id: id, by: context.caller)
        return .redirect(to: "/admin/webhooks?id=\(id)&done=enabled")
    }

    /// `POST /admin/webhooks/settings` (admins, 2FA): the form of `PATCH /api/v1/settings/webhooks`;
    /// an unticked box is a form without the field, so the field is always sent.
    static func updateSettings(_ request: Request, _ context: RequestContext) throws -> Response {
        let form = try context.form()
        let input = ["allow_private_targets": form["allow_private_targets"] == "true" ? "true" : "false",
                     "max_consecutive_failures": form["max_consecutive_failures"] ?? ""]
        _ = try WebhookSettings.update(input, twoFactor: context.services.twoFactor, by: context.caller, code: context.stepUpCode)
        return .redirect(to: "/admin/webhooks?done=settings")
    }

    /// The page again with what was wrong; an unknown subscription is 404.
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        if refusal.error.status == .notFound { throw HTTPError.notFound("No such webhook subscription or event.") }
        let alert = refusal.issues.isEmpty ? refusal.error.detail : refusal.issues.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
        let form = try? context.form()
        return try render(context, submitted: ["url": form?["url"] ?? "", "events": form?["events"] ?? ""], alert: alert, status: refusal.error.status)
    }

    private static func render(_ context: RequestContext, selected: Int? = nil, submitted: [String: String] = [:], secret: String? = nil,
                               alert: String? = nil, notice: String? = nil, status: HTTPStatus = .ok) throws -> Response {
        let caller = context.caller
        let chosen = selected ?? context.query["id"].flatMap { Int($0) }
        let subscriptions = try WebhookSubscriptions.list(page: PageRequest(limit: PageRequest.maximumLimit), for: caller).items
        let shown = chosen.flatMap { id in subscriptions.contains { $0.id == id } ? id : nil }
        let log = try shown.map { try WebhookSubscriptions.deliveries(of: $0, page: PageRequest(), for: caller).items } ?? []
        let page = WebhooksPage(subscriptions: subscriptions, selected: shown, deliveries: log, isAdmin: caller.user?.role == .admin,
                                settings: try WebhookSettings.load(on: caller.connection), submitted: submitted, secret: secret,
                                alert: alert, notice: notice, csrfToken: try context.csrfToken())
        return try context.page(page, status: status)
    }
}
