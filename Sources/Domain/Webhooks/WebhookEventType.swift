/// The events a subscription can ask for (CONTRACT: dotted names), and `webhook.ping`, which
/// only the test ping sends.
public enum WebhookEventType {
    public static let all = [
        "order.created", "order.paid", "invoice.issued", "invoice.paid", "invoice.overdue",
        "payment.received", "payment.refunded", "server.active", "server.suspended",
        "server.unsuspended", "server.terminated", "customer.created",
    ]
    public static let ping = "webhook.ping"
}
