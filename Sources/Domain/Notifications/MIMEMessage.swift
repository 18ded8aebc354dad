import Foundation

/// An email as RFC 5322 bytes, built by hand: CRLF line ends, multipart/alternative for text and
/// HTML, multipart/mixed around it when there are attachments, every part base64 (lines of 76),
/// header text through `EncodedWord`. Addresses are `MailAddress` values and every header value
/// has its control characters replaced, so no input can add a header.
public struct MIMEMessage: Sendable {
    /// A file that goes with the message.
    public struct Attachment: Sendable, Equatable {
        public var filename: String
        public var contentType: String
        public var bytes: [UInt8]
        public init(filename: String, contentType: String, bytes: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    /// With its angle brackets (`Outbox.messageID`).
    public var messageID: String
    public var date: Date
    public var text: String
    public var html: String
    public var attachments: [Attachment]

    public init(from: MailAddress, to: MailAddress, subject: String, messageID: String, date: Date, text: String, html: String = "",
                attachments: [Attachment] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.messageID = messageID
        self.date = date
        self.text = text
        self.html = html
        self.attachments = attachments
    }

    /// The message, ready for SMTP's DATA or an `.eml` file.
    public func bytes() -> [UInt8] {
        var lines = [
            "From: " + from.header, "To: " + to.header, "Subject: " + EncodedWord.encode(subject),
            "Date: " + Self.rfc5322(date), "Message-ID: " + EncodedWord.encode(messageID), "MIME-Version: 1.0",
        ]
        let alternative = html.isEmpty ? Self.part("text/plain; charset=utf-8", Array(text.utf8))
            : Self.multipart("alternative", [
                Self.part("text/plain; charset=utf-8", Array(text.utf8)), Self.part("text/html; charset=utf-8", Array(html.utf8)),
            ])
        let body = attachments.isEmpty ? alternative : Self.multipart("mixed", [alternative] + attachments.map { attachment in
            let name = Self.headerSafe(attachment.filename).replacingOccurrences(of: "\"", with: "")
            return Self.part(Self.headerSafe(attachment.contentType) + "; name=\"\(name)\"", attachment.bytes,
                             extra: ["Content-Disposition: attachment; filename=\"\(name)\""])
        })
        lines += body.headers
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body.body).utf8)
    }

    private typealias Part = (headers: [String], body: String)

    private static func part(_ contentType: String, _ bytes: [UInt8], extra: [String] = []) -> Part {
        let encoded = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return (["Content-Type: " + contentType, "Content-Transfer-Encoding: base64"] + extra, encoded + "\r\n")
    }

    private static func multipart(_ subtype: String, _ parts: [Part]) -> Part {
        let boundary = "=_vps_" + UUID().uuidString
        var body = ""
        for part in parts {
            body += "--" + boundary + "\r\n" + part.headers.joined(separator: "\r\n") + "\r\n\r\n" + part.body
        }
        body += "--" + boundary + "--\r\n"
        return (["Content-Type: multipart/\(subtype); boundary=\"\(boundary)\""], body)
    }

    /// `text` with control characters and non-ASCII replaced (for names the portal makes itself).
    private static func headerSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? $0 : "_" }))
    }

    /// RFC 5322 date in UTC: `Tue, 01 Dec 2026 20:23:46 +0000`.
    static func rfc5322(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d +0000", days[c.weekday! - 1], c.day!, months[c.month! - 1], c.year!,
                      c.hour!, c.minute!, c.second!)
    }
}
