/// The events that notify, with their shipped wording (staff may replace it per channel).
public enum NotificationCatalog {
    public static let events: [NotificationEvent] = customer + lifecycle + staff

    /// The event with key `key`.
    public static func event(_ key: String) -> NotificationEvent? { events.first { $0.key == key } }

    static let invoice = ["invoice_number": "INV-2026-0042", "total": "24.00", "currency": "EUR", "amount_due": "24.00",
                          "due_date": "2026-12-15", "link": "https://portal.example.com/my/invoices/42"]

    /// The reset link (`PasswordReset`), for customers and staff alike; always sent.
    public static let passwordReset = NotificationEvent(
        "account.password_reset", "Password reset link", required: true,
        samples: ["link": "https://portal.example.com/password/reset?token=sample"],
        subject: "Choose a new password",
        text: "Hello {{name}},\n\nsomeone (hopefully you) asked to choose a new password for your account. Open this link within 30 minutes:\n\n{{link}}\n\nIf it was not you, ignore this email: your password stays as it is.\n",
        html: "<p>Hello {{name}},</p><p>someone (hopefully you) asked to choose a new password for your account. <a href=\"{{link}}\">Choose a new password</a> within 30 minutes.</p><p>If it was not you, ignore this email: your password stays as it is.</p>")

    static let customer: [NotificationEvent] = [
        NotificationEvent("account.verify_email", "Confirm your email address", required: true,
                          samples: ["link": "https://portal.example.com/verify-email?token=abc123"],
                          subject: "Confirm your email address",
                          text: "Hello {{name}},\n\nplease confirm your email address by opening this link within 48 hours:\n\n{{link}}\n\nUntil then you can sign in and look around, but not order. If you did not create an account, ignore this email.\n",
                          html: "<p>Hello {{name}},</p><p>please confirm your email address by opening <a href=\"{{link}}\">this link</a> within 48 hours.</p><p>Until then you can sign in and look around, but not order. If you did not create an account, ignore this email.</p>"),
        NotificationEvent("account.register_attempt", "Someone tried to register with your address", required: true,
                          samples: ["link": "https://portal.example.com/password/forgot"],
                          subject: "Someone tried to register with your email address",
                          text: "Hello {{name}},\n\nsomeone (perhaps you) tried to create a new account with this email address, which already has an account. Nothing was changed.\n\nIf it was you and you forgot your password, choose a new one here: {{link}}\nIf it was not you, you can ignore this email.\n",
                          html: "<p>Hello {{name}},</p><p>someone (perhaps you) tried to create a new account with this email address, which already has an account. Nothing was changed.</p><p>If it was you and you forgot your password, <a href=\"{{link}}\">choose a new one</a>. If it was not you, you can ignore this email.</p>"),
        NotificationEvent("account.welcome", "Welcome (email address confirmed)", samples: ["link": "https://portal.example.com/catalog"],
                          subject: "Welcome: your account is ready",
                          text: "Hello {{name}},\n\nyour email address is confirmed and your account is ready. Order your first server here: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>your email address is confirmed and your account is ready.</p><p><a href=\"{{link}}\">Order your first server</a></p>"),
        passwordReset,
        NotificationEvent("order.placed", "Order placed", samples: ["order_id": "17", "link": "https://portal.example.com/my/orders/17"],
                          subject: "Your order {{order_id}}",
                          text: "Hello {{name}},\n\nthank you for your order {{order_id}}. We will let you know when it is ready.\n\nYour order: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>thank you for your order {{order_id}}. We will let you know when it is ready.</p><p><a href=\"{{link}}\">Your order</a></p>"),
        NotificationEvent("invoice.issued", "Invoice issued", required: true, samples: invoice,
                          subject: "Invoice {{invoice_number}}",
                          text: "Hello {{name}},\n\ninvoice {{invoice_number}} of {{total}} {{currency}} has been issued, due on {{due_date}}. Amount due: {{amount_due}} {{currency}}.\n\nSee and pay it here: {{link}}\n(The PDF is attached when it was ready at sending; it is always at the link.)\n",
                          html: "<p>Hello {{name}},</p><p>invoice {{invoice_number}} of {{total}} {{currency}} has been issued, due on {{due_date}}. Amount due: {{amount_due}} {{currency}}.</p><p><a href=\"{{link}}\">See and pay it</a></p>"),
        NotificationEvent("payment.received", "Payment received", required: true, samples: invoice.merging(["amount": "24.00", "amount_due": "0.00", "balance": "The invoice is paid in full."]) { $1 },
                          subject: "Payment received for invoice {{invoice_number}}",
                          text: "Hello {{name}},\n\nthank you: we received {{amount}} {{currency}} for invoice {{invoice_number}}.\n{{balance}}\n\nThe invoice: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>thank you: we received {{amount}} {{currency}} for invoice {{invoice_number}}. {{balance}}</p><p><a href=\"{{link}}\">The invoice</a></p>"),
        NotificationEvent("payment.failed", "Payment failed", required: true, sms: true, samples: invoice.merging(["reason": "card declined"]) { $1 },
                          subject: "Payment for invoice {{invoice_number}} failed",
                          text: "Hello {{name}},\n\nwe could not charge {{amount_due}} {{currency}} for invoice {{invoice_number}}: {{reason}}.\nPlease pay it here: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>we could not charge {{amount_due}} {{currency}} for invoice {{invoice_number}}: {{reason}}.</p><p><a href=\"{{link}}\">Pay it</a></p>"),
        NotificationEvent("server.active", "Server active", sms: true, samples: ["server_name": "web-1", "link": "https://portal.example.com/my/servers/5"],
                          subject: "Your server {{server_name}} is ready",
                          text: "Hello {{name}},\n\nyour server {{server_name}} is ready. Its details (not its password) are here: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>your server {{server_name}} is ready.</p><p><a href=\"{{link}}\">Its details</a></p>"),
        NotificationEvent("server.rebooted", "Reboot done", on: false, samples: ["server_name": "web-1", "link": "https://portal.example.com/my/servers/5"],
                          subject: "{{server_name}} has rebooted",
                          text: "Hello {{name}},\n\nyour server {{server_name}} has rebooted: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>your server {{server_name}} has rebooted.</p><p><a href=\"{{link}}\">The server</a></p>"),
        NotificationEvent("security.two_factor", "Two-factor sign-in turned on or off", required: true, sms: true,
                          samples: ["state": "on", "link": "https://portal.example.com/account/security"],
                          subject: "Two-factor sign-in is now {{state}}",
                          text: "Hello {{name}},\n\ntwo-factor sign-in for your account was turned {{state}}. If this was not you, sign in and secure your account: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>two-factor sign-in for your account was turned {{state}}. If this was not you, <a href=\"{{link}}\">secure your account</a>.</p>"),
        NotificationEvent("security.new_sign_in", "Sign-in from a new address", required: true, sms: true,
                          samples: ["address": "203.0.113.7", "link": "https://portal.example.com/account/security"],
                          subject: "New sign-in to your account",
                          text: "Hello {{name}},\n\nsomeone signed in to your account from {{address}}. If this was not you, change your password: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>someone signed in to your account from {{address}}. If this was not you, <a href=\"{{link}}\">change your password</a>.</p>"),
    ]

    static let staff: [NotificationEvent] = [
        NotificationEvent("staff.order.new", "New order", .staff, samples: ["order_id": "17", "customer": "Ada Lovelace", "link": "https://portal.example.com/admin/orders/17"],
                          subject: "New order {{order_id}} from {{customer}}", text: "New order {{order_id}} from {{customer}}: {{link}}\n",
                          html: "<p>New order {{order_id}} from {{customer}}: <a href=\"{{link}}\">open</a></p>"),
        NotificationEvent("staff.task.waiting", "Manual task waiting", .staff, samples: ["task": "Set up web-1", "link": "https://portal.example.com/admin/tasks"],
                          subject: "Manual task waiting: {{task}}", text: "A manual task is waiting: {{task}}\n{{link}}\n",
                          html: "<p>A manual task is waiting: {{task}} — <a href=\"{{link}}\">tasks</a></p>"),
        NotificationEvent("staff.job.failed", "Job failed", .staff, samples: ["job": "provision web-1", "error": "module timed out", "link": "https://portal.example.com/admin/jobs"],
                          subject: "Job failed: {{job}}", text: "The job {{job}} failed: {{error}}\n{{link}}\n",
                          html: "<p>The job {{job}} failed: {{error}} — <a href=\"{{link}}\">jobs</a></p>"),
        NotificationEvent("staff.payment.flagged", "Payment flagged", .staff, samples: ["payment": "pi_123", "reason": "amount differs", "link": "https://portal.example.com/admin/payments"],
                          subject: "Payment flagged: {{payment}}", text: "Payment {{payment}} was flagged: {{reason}}\n{{link}}\n",
                          html: "<p>Payment {{payment}} was flagged: {{reason}} — <a href=\"{{link}}\">payments</a></p>"),
        NotificationEvent("staff.daily_summary", "Daily summary", .staff,
                          samples: ["day": "2026-01-31", "currency": "EUR", "new_orders": "12", "invoiced": "1234.50", "collected": "987.00",
                                    "refunds": "20.00", "new_services": "9", "lost_services": "2", "mrr": "45678.90", "overdue": "321.00",
                                    "link": "https://portal.example.com/admin/reports"],
                          subject: "Daily summary for {{day}}",
                          text: "Figures for {{day}} ({{currency}}):\nNew orders: {{new_orders}}\nInvoiced (net): {{invoiced}}\nCollected: {{collected}}\nRefunds: {{refunds}}\nNew services: {{new_services}}\nLost services: {{lost_services}}\nMRR: {{mrr}}\nOverdue total: {{overdue}}\n{{link}}\n",
                          html: "<p>Figures for {{day}} ({{currency}})</p><ul><li>New orders: {{new_orders}}</li><li>Invoiced (net): {{invoiced}}</li><li>Collected: {{collected}}</li><li>Refunds: {{refunds}}</li><li>New services: {{new_services}}</li><li>Lost services: {{lost_services}}</li><li>MRR: {{mrr}}</li><li>Overdue total: {{overdue}}</li></ul><p><a href=\"{{link}}\">Reports</a></p>"),
    ]
}
