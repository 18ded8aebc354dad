/// The dunning and server lifecycle events: reminders before the due date (optional, on), overdue
/// notices and the suspension and termination warnings (required), and what happened to a server
/// (suspended, unsuspended, terminated: required).
extension NotificationCatalog {
    static let dunningSamples = invoice.merging(["days": "3", "server_name": "web-1"]) { $1 }
    static let serverSamples = ["server_name": "web-1", "link": "https://portal.example.com/my/servers/5"]

    static let lifecycle: [NotificationEvent] = [
        NotificationEvent("invoice.reminder", "Reminder before an invoice is due", samples: invoice.merging(["days": "3"]) { $1 },
                          subject: "Reminder: invoice {{invoice_number}} is due soon",
                          text: "Hello {{name}},\n\na friendly reminder: invoice {{invoice_number}} is due in {{days}} day(s), on {{due_date}}. Amount due: {{amount_due}} {{currency}}.\n\nSee and pay it here: {{link}}\n(If you have paid in the meantime, thank you — please ignore this message.)\n",
                          html: "<p>Hello {{name}},</p><p>a friendly reminder: invoice {{invoice_number}} is due in {{days}} day(s), on {{due_date}}. Amount due: {{amount_due}} {{currency}}.</p><p><a href=\"{{link}}\">See and pay it</a></p><p>(If you have paid in the meantime, thank you — please ignore this message.)</p>"),
        NotificationEvent("invoice.overdue", "Overdue notice", required: true, samples: invoice.merging(["days": "7"]) { $1 },
                          subject: "Overdue: invoice {{invoice_number}}",
                          text: "Hello {{name}},\n\ninvoice {{invoice_number}} is {{days}} day(s) overdue (it was due on {{due_date}}). Amount due: {{amount_due}} {{currency}}. Please pay it soon.\n\nSee and pay it here: {{link}}\n(If you have paid in the meantime, thank you — please ignore this message.)\n",
                          html: "<p>Hello {{name}},</p><p>invoice {{invoice_number}} is {{days}} day(s) overdue (it was due on {{due_date}}). Amount due: {{amount_due}} {{currency}}. Please pay it soon.</p><p><a href=\"{{link}}\">See and pay it</a></p>"),
        NotificationEvent("service.suspension_warning", "Suspension warning", required: true, samples: dunningSamples,
                          subject: "Your server {{server_name}} will be suspended: invoice {{invoice_number}} is unpaid",
                          text: "Hello {{name}},\n\ninvoice {{invoice_number}} is overdue. Unless it is paid, your server {{server_name}} will be suspended in about {{days}} day(s). Amount due: {{amount_due}} {{currency}}.\n\nSee and pay it here: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>invoice {{invoice_number}} is overdue. Unless it is paid, your server {{server_name}} will be suspended in about {{days}} day(s). Amount due: {{amount_due}} {{currency}}.</p><p><a href=\"{{link}}\">See and pay it</a></p>"),
        NotificationEvent("service.termination_warning", "Termination warning", required: true, samples: dunningSamples,
                          subject: "Final warning: your server {{server_name}} will be terminated (invoice {{invoice_number}})",
                          text: "Hello {{name}},\n\nyour server {{server_name}} is suspended because invoice {{invoice_number}} is unpaid. Unless it is paid within {{days}} day(s), the server and its data will be deleted. Amount due: {{amount_due}} {{currency}}.\n\nSee and pay it here: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>your server {{server_name}} is suspended because invoice {{invoice_number}} is unpaid. Unless it is paid within {{days}} day(s), the server and its data will be deleted. Amount due: {{amount_due}} {{currency}}.</p><p><a href=\"{{link}}\">See and pay it</a></p>"),
        NotificationEvent("service.suspended", "Server suspended", required: true, sms: true,
                          samples: serverSamples.merging(["reason": "invoice INV-2026-0042 is overdue"]) { $1 },
                          subject: "Your server {{server_name}} is suspended",
                          text: "Hello {{name}},\n\nyour server {{server_name}} has been suspended: {{reason}}.\n\nThe server: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>your server {{server_name}} has been suspended: {{reason}}.</p><p><a href=\"{{link}}\">The server</a></p>"),
        NotificationEvent("service.unsuspended", "Server unsuspended", required: true, samples: serverSamples,
                          subject: "Your server {{server_name}} is running again",
                          text: "Hello {{name}},\n\nthe suspension of your server {{server_name}} has been lifted.\n\nThe server: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>the suspension of your server {{server_name}} has been lifted.</p><p><a href=\"{{link}}\">The server</a></p>"),
        NotificationEvent("service.terminated", "Server terminated", required: true,
                          samples: serverSamples.merging(["reason": "invoice INV-2026-0042 was not paid"]) { $1 },
                          subject: "Your server {{server_name}} has been terminated",
                          text: "Hello {{name}},\n\nyour server {{server_name}} has been terminated ({{reason}}); its data is deleted.\n\nYour servers: {{link}}\n",
                          html: "<p>Hello {{name}},</p><p>your server {{server_name}} has been terminated ({{reason}}); its data is deleted.</p><p><a href=\"{{link}}\">Your servers</a></p>"),
    ]
}
