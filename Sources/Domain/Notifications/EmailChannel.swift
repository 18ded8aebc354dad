import Foundation
import Postgres

/// The built-in `email` channel: builds the MIME message (the invoice's stored PDF attached when
/// the message names an invoice and its PDF is rendered; the text always links the invoice page)
/// and hands it to the transport the settings name — an `.eml` file under `mailDirectory`, or SMTP.
public struct EmailChannel: NotificationChannel, Sendable {
    public static let name = "email"
    public var name: String { Self.name }

    /// Where the `file` transport writes (`VPS_MAIL_DIR`, default `var/mail`).
    public let mailDirectory: String
    /// Opens the sealed SMTP password.
    public let box: SecretBox
    /// A CA bundle for the SMTP server's certificate (`VPS_SMTP_CA_FILE`), else the system's.
    public let caFile: String?
    public let timeoutSeconds: Double

    public init(mailDirectory: String, box: SecretBox, caFile: String? = nil, timeoutSeconds: Double = 30) {
        self.mailDirectory = mailDirectory
        self.box = box
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
    }

    /// Returns the Message-ID (SMTP) or the file's name (file) as the provider's id.
    public func deliver(_ message: OutboxMessage, on connection: PostgresConnection) throws -> String {
        let settings = try NotificationSettings.load(on: connection)
        let mime = try Self.mime(for: message, settings: settings, on: connection)
        switch settings.transport {
        case .file:
            try FileManager.default.createDirectory(atPath: mailDirectory, withIntermediateDirectories: true)
            // The event key names the file: a second delivery of one event overwrites its first copy.
            let file = message.eventKey.replacingOccurrences(of: ":", with: "_") + ".eml"
            try Data(mime.bytes()).write(to: URL(fileURLWithPath: mailDirectory).appendingPathComponent(file), options: .atomic)
            return file
        case .smtp:
            guard !settings.smtpHost.isEmpty else { throw PermanentDeliveryFailure("SMTP is chosen but no SMTP host is set") }
            let scheme = settings.smtpSecurity == .tls ? "smtps" : "smtp"
            let url = "\(scheme)://\(settings.smtpHost):\(settings.smtpPort)/\(mime.from.domain)"
            try OutboundSMTP(connectTimeout: min(10, timeoutSeconds), totalTimeout: timeoutSeconds, caFile: caFile).send(
                url: url, requireSTARTTLS: settings.smtpSecurity == .starttls, username: settings.smtpUsername,
                password: try NotificationSettings.smtpPassword(box: box, on: connection), from: mime.from.address, to: mime.to.address,
                message: mime.bytes())
            return mime.messageID
        }
    }

    /// `message` as MIME under `settings`' sender; an invalid recipient is a permanent failure.
    static func mime(for message: OutboxMessage, settings: NotificationSettings, on connection: PostgresConnection) throws -> MIMEMessage {
        let from = try MailAddress(settings.fromAddress, name: settings.fromName)
        guard let to = try? MailAddress(message.recipient, name: message.recipientName) else {
            throw PermanentDeliveryFailure("the recipient \(message.recipient.debugDescription) is not a valid email address")
        }
        var attachments: [MIMEMessage.Attachment] = []
        if let invoiceID = message.invoiceID, let pdf = try InvoicePDFs.stored(invoiceID: invoiceID, on: connection) {
            attachments.append(.init(filename: "invoice-\(pdf.number).pdf", contentType: "application/pdf", bytes: pdf.bytes))
        }
        return MIMEMessage(from: from, to: to, subject: message.subject, messageID: Outbox.messageID(eventKey: message.eventKey, domain: from.domain),
                           date: Date(), text: message.text, html: message.html, attachments: attachments)
    }
}
