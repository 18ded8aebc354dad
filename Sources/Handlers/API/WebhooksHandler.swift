import Domain

/// `POST /webhooks/{gateway}`: a payment gateway's notification. No session, no CSRF (declared
/// with `RouteGroup.webhook`): the signature over the raw body bytes is checked by Domain's
/// `WebhookIntake`, which stores and queues it; the answer is quick, the job applies it.
enum WebhooksHandler {
    static func receive(_ request: Request, _ context: RequestContext) throws -> Response {
        let gateway = try context.parameter("gateway")
        // A loadable gateway signs with a header of its own choosing, so all are passed on but credentials.
        let headers = request.headers.all.filter { !["cookie", "authorization", "proxy-authorization"].contains($0.key) }
        do {
            let outcome = try WebhookIntake(gateways: context.services.paymentGateways).receive(
                gateway: gateway, body: request.body, headers: headers, origin: context.origin, on: context.connection)
            return try .json(Received(received: true, duplicate: outcome == .duplicate))
        } catch let refused as WebhookIntake.Refused {
            throw HTTPError(.badRequest, title: "Notification refused",
                            detail: "The notification's signature did not verify (\(refused.reason.rawValue)); nothing was recorded.")
        }
    }

    private struct Received: Encodable {
        var received: Bool
        var duplicate: Bool
    }
}
