@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Stored notification templates and customers' choices, applied when a message is queued")
struct NotificationTemplatesTests {
    @Test("an admin's template words the next invoice email (a hostile name at the 200-character limit harmless; 10 KB names: MessageTemplateTests); refused tags change nothing; reset brings the default back")
    func savedTemplateIsUsed() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 1)
            let connection = world.connection
            let admin = Caller(user: try #require(try Users.find(id: world.staffID, on: connection)), origin: .commandLine, connection: connection)
            try connection.query("UPDATE users SET name = \("Eve\r\nBcc: spy@example.test <b>" + String(repeating: "x", count: 150)) WHERE id = \(world.customers[0])")
            #expect(throws: DomainError.self) {
                try NotificationTemplates.save(event: "invoice.issued", channel: "email", ["html": "{{#items}}{{>layout}}{{/items}}"], by: admin)
            }
            #expect(try NotificationTemplates.find(event: "invoice.issued", channel: "email", on: connection).customized == false)
            let saved = try NotificationTemplates.save(event: "invoice.issued", channel: "email",
                                                       ["subject": "Bill {{invoice_number}} for {{name}}", "html": "<p>{{name}} owes {{amount_due}}{{nope}}</p>"], by: admin)
            #expect(saved.customized)
            let preview = try NotificationTemplates.preview(event: "invoice.issued", channel: "email", ["text": "{{name}} {{secret}}"], for: admin)
            #expect(preview.unknownNames == ["secret", "nope"] && preview.text.output == "Ada Lovelace ")

            let order = try OrderPlacement.place(customerID: world.customers[0], lines: [OrderLine(productID: world.products[0], billingCycle: .monthly)],
                                                 on: connection, actor: .system, origin: .commandLine)
            let invoiceID = try #require(order.invoiceID)
            let row = try connection.query("SELECT subject, body_html FROM outbox_messages WHERE event_key = \("invoice.issued:\(invoiceID)")")[0]
            let subject = try row.decode(String.self, "subject")
            #expect(subject.hasPrefix("Bill ") && !subject.contains("\n") && !subject.contains("\r"))
            let html = try row.decode(String.self, "body_html")
            #expect(html.contains("&lt;b&gt;") && !html.contains("<b>"))

            let reset = try NotificationTemplates.reset(event: "invoice.issued", channel: "email", by: admin)
            #expect(!reset.customized && reset.subject == "Invoice {{invoice_number}}")
            #expect(throws: DomainError.notFound("no such notification template")) {
                try NotificationTemplates.find(event: "nope", channel: "email", on: connection)
            }
        }
    }

    @Test("an optional message turned off queues nothing; a required one cannot be turned off and is always queued")
    func preferences() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 1)
            let connection = world.connection
            let customer = Caller(user: try #require(try Users.find(id: world.customers[0], on: connection)), origin: .commandLine, connection: connection)
            #expect(try NotificationPreferences.list(for: customer).first { $0.event == "order.placed" }?.enabled == true)
            #expect(try NotificationPreferences.list(for: customer).first { $0.event == "server.rebooted" }?.enabled == false)
            #expect(throws: DomainError.invalid("invoice.issued", "is required and cannot be turned off")) {
                try NotificationPreferences.update(["invoice.issued": "false"], for: customer)
            }
            let after = try NotificationPreferences.update(["order.placed": "false", "server.rebooted": "true"], for: customer)
            #expect(after.first { $0.event == "order.placed" }?.enabled == false)
            let queued = try connection.transaction { connection in
                [try Notify.user("order.placed", key: "order.placed:1", customerID: world.customers[0], values: ["order_id": "1"], on: connection),
                 try Notify.user("server.rebooted", key: "server.rebooted:1:1", customerID: world.customers[0], values: [:], on: connection),
                 try Notify.user("security.two_factor", key: "security.two_factor:1:1", customerID: world.customers[0], values: ["state": "on"], on: connection)]
            }
            #expect(queued == [false, true, true])
            let keys = try connection.query("SELECT event_key FROM outbox_messages ORDER BY id").map { try $0.decode(String.self, "event_key") }
            #expect(keys == ["server.rebooted:1:1", "security.two_factor:1:1"])
        }
    }
}
