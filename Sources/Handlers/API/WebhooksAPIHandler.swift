import Domain

/// `/api/v1/webhooks`: REST-hook subscriptions (admins manage, staff read), their delivery log,
/// a test ping and redelivery; `POST /api/webhooks/subscribe` is the Zapier-style shorthand
/// (`{"trigger_event","webhook_url"}`). The secret is in the 201 answer only.
enum WebhooksAPIHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try WebhookSubscriptions.list(page: try context.pageRequest(), for: context.caller)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    /// `POST {"url","events":[…]}` → 201 with the secret.
    static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        return try created(try subscriptions(context).create(url: try body.text("url"), events: try body.strings("events"), by: context.caller))
    }

    /// `POST /api/webhooks/subscribe {"trigger_event","webhook_url"}` → 201, as `create`.
    static func subscribe(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        let made = try subscriptions(context).create(url: try body.text("webhook_url"), events: try body.text("trigger_event").map { [$0] },
                                                      by: context.caller)
        return try created(made)
    }

    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try WebhookSubscriptions.find(id: try context.idParameter(), for: context.caller))
    }

    /// `DELETE`: unsubscribes, 204.
    static func delete(_ request: Request, _ context: RequestContext) throws -> Response {
        try WebhookSubscriptions.delete(id: try context.idParameter(), by: context.caller)
        return Response(status: .noContent)
    }

    static func deliveries(_ request: Request, _ context: RequestContext) throws -> Response {
        let page = try WebhookSubscriptions.deliveries(of: try context.idParameter(), page: try context.pageRequest(), for: context.caller)
        return try .json(ListBody(items: page.items, nextCursor: page.nextCursor))
    }

    /// `POST …/{id}/ping`: a `webhook.ping` queued, 202 with its event id.
    static func ping(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(Queued(eventID: try WebhookSubscriptions.ping(id: try context.idParameter(), by: context.caller)), status: .accepted)
    }

    /// `POST …/{id}/redeliver {"event_id"}`: the event queued once more to this subscription, 202.
    static func redeliver(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let eventID = try JSONObject(context).text("event_id"), !eventID.isEmpty else { throw DomainError.invalid("event_id", "is required") }
        let queued = try WebhookSubscriptions.redeliver(id: try context.idParameter(), eventID: eventID, by: context.caller)
        return try .json(Queued(eventID: queued), status: .accepted)
    }

    /// `POST …/{id}/enable`: a disabled subscription on again, its failure count reset.
    static func enable(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try WebhookSubscriptions.enable(id: try context.idParameter(), by: context.caller))
    }

    private static func subscriptions(_ context: RequestContext) -> WebhookSubscriptions {
        WebhookSubscriptions(box: context.services.paymentGateways.box)
    }

    private static func created(_ subscription: WebhookSubscription) throws -> Response {
        var response = try Response.json(subscription, status: .created)
        response.setHeader("Location", "/api/v1/webhooks/\(subscription.id)")
        return response
    }

    private struct Queued: Encodable {
        let eventID: String
        enum CodingKeys: String, CodingKey { case eventID = "event_id" }
    }
}
