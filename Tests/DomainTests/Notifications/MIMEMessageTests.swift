@testable import Domain
import Foundation
import Testing

@Suite("Email as MIME: no header injection, encoded words, attachments")
struct MIMEMessageTests {
    private func headers(_ message: MIMEMessage) -> [String] {
        let text = String(decoding: message.bytes(), as: UTF8.self)
        return text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
    }

    @Test("CR/LF in an address is refused; in a name or subject it cannot start a header")
    func noHeaderInjection() throws {
        #expect(throws: DomainError.self) { try MailAddress("victim@example.test\r\nBcc: all@example.test") }
        #expect(throws: DomainError.self) { try MailAddress("a b@example.test") }
        #expect(throws: DomainError.self) { try MailAddress("<a@example.test>") }
        let to = try MailAddress("c@example.test", name: "Eve\r\nBcc: spy@example.test")
        let message = MIMEMessage(from: try MailAddress("billing@example.test", name: "Billing"), to: to,
                                  subject: "Invoice\r\nBcc: spy@example.test\nX-Evil: 1", messageID: "<k@example.test>", date: Date(), text: "hi\r\n.\r\n")
        let lines = headers(message)
        #expect(!lines.contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("X-Evil:") })
        #expect(lines.contains("To: \"Eve  Bcc: spy@example.test\" <c@example.test>"))
        #expect(lines.contains("Subject: Invoice  Bcc: spy@example.test X-Evil: 1"))
        #expect(!String(decoding: message.bytes(), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare LF")
    }

    @Test("non-ASCII subjects and names become RFC 2047 words of at most 75 characters that decode back")
    func encodedWords() throws {
        let subject = "Rechnung für Müller – " + String(repeating: "ä", count: 60)
        let encoded = EncodedWord.encode(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1 && words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        let decoded = words.map { String(decoding: Data(base64Encoded: String($0.dropFirst(10).dropLast(2)))!, as: UTF8.self) }.joined()
        #expect(decoded == subject)
        #expect(EncodedWord.encode("Plain ASCII") == "Plain ASCII")
        let name = try MailAddress("j@example.test", name: "Jörg \"J\" Ünal")
        #expect(name.header.hasPrefix("=?UTF-8?B?") && name.header.hasSuffix(" <j@example.test>"))
        #expect(try MailAddress("j@example.test", name: "Jo \"J\"").header == "\"Jo \\\"J\\\"\" <j@example.test>")
    }

    @Test("text, HTML and a PDF: multipart/mixed around multipart/alternative, base64 parts")
    func attachment() throws {
        let pdf = Array("%PDF-1.4\n%fake\n".utf8) + [0, 255, 13, 10]
        let message = MIMEMessage(from: try MailAddress("b@example.test"), to: try MailAddress("c@example.test"), subject: "Invoice",
                                  messageID: Outbox.messageID(eventKey: "invoice.issued:812", domain: "example.test"), date: Date(timeIntervalSince1970: 0),
                                  text: "Hello", html: "<p>Hello</p>",
                                  attachments: [.init(filename: "invoice-A\r\n1.pdf", contentType: "application/pdf", bytes: pdf)])
        let text = String(decoding: message.bytes(), as: UTF8.self)
        #expect(headers(message).contains("Message-ID: <invoice.issued/812@example.test>"))
        #expect(headers(message).contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
        #expect(text.contains("Content-Type: multipart/mixed; boundary=") && text.contains("Content-Type: multipart/alternative; boundary="))
        #expect(text.contains("Content-Disposition: attachment; filename=\"invoice-A__1.pdf\""))
        #expect(text.contains(Data(pdf).base64EncodedString()))
        #expect(text.contains(Data("<p>Hello</p>".utf8).base64EncodedString()))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
    }
}
