@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("The sms channel: a phone number confirmed by a code, messages to a Twilio-shaped stub on loopback", .serialized)
struct SMSChannelTests {
    @Test("the code goes out by SMS with Basic auth and form fields; the right code confirms; SMS copies of sms events follow")
    func confirmAndDeliver() throws {
        try TestEnvironment.withScratchDatabase { url in
            let stub = try SMSStub()
            defer { stub.stop() }
            let world = try BillingWorld.make(url: url, customerCount: 1)
            let connection = world.connection
            let box = try Fixtures.box()
            let token = PostgresBytes(try box.seal("tok-secret", context: SMSSettings.tokenContext))
            try connection.query(
                """
                UPDATE notification_settings SET sms_base_url = \(stub.baseURL), sms_account_sid = 'AC123', sms_from = '+15550001111',
                       sms_token_sealed = \(token)
                """)
            let customer = Caller(user: try #require(try Users.find(id: world.customers[0], on: connection)), origin: .commandLine, connection: connection)
            #expect(throws: DomainError.self) { try PhoneConfirmation.start(phone: "12345", for: customer) }
            try PhoneConfirmation.start(phone: "+49 151 1234 5678", for: customer)
            #expect(try Outbox.runNext(channels: [SMSChannel(box: box)], runnerKey: 1, on: connection))
            let first = try #require(try stub.messages().first)
            #expect(first["path"] as? String == "/2010-04-01/Accounts/AC123/Messages.json")
            #expect(first["authorization"] as? String == "Basic " + Data("AC123:tok-secret".utf8).base64EncodedString())
            let form = try #require(first["form"] as? [String: String])
            #expect(form["To"] == "+4915112345678" && form["From"] == "+15550001111")
            let body = try #require(form["Body"])
            let code = String(body.split(separator: " ").first { $0.count == 6 && $0.allSatisfy(\.isNumber) } ?? "")
            #expect(code.count == 6)
            #expect(throws: DomainError.invalid("code", "That code is not right.")) {
                try PhoneConfirmation.confirm(code: code == "000000" ? "111111" : "000000", for: customer)
            }
            #expect(try PhoneConfirmation.confirm(code: code, for: customer) == "+4915112345678")
            #expect(try PhoneConfirmation.current(for: customer) == "+4915112345678")

            try connection.transaction { connection in
                try Notify.user("security.two_factor", key: "security.two_factor:\(world.customers[0]):on:1", customerID: world.customers[0],
                                values: ["state": "on", "link": "http://x/account"], on: connection)
            }
            #expect(try Outbox.runNext(channels: [SMSChannel(box: box), EmailChannel(mailDirectory: NSTemporaryDirectory() + "sms-\(UUID())", box: box)],
                                       runnerKey: 1, on: connection))
            #expect(try Outbox.runNext(channels: [SMSChannel(box: box), EmailChannel(mailDirectory: NSTemporaryDirectory() + "sms-\(UUID())", box: box)],
                                       runnerKey: 1, on: connection))
            let sent = try stub.messages()
            #expect(sent.count == 2)
            #expect((sent.last?["form"] as? [String: String])?["Body"] == "Two-factor sign-in is now on http://x/account")
            let statuses = try connection.query("SELECT status FROM outbox_messages ORDER BY id").map { try $0.decode(String.self, "status") }
            #expect(statuses.allSatisfy { $0 == "sent" })
        }
    }

    @Test("codes are throttled: the fourth within an hour is refused with Retry-After")
    func throttled() throws {
        try TestEnvironment.withScratchDatabase { url in
            let world = try BillingWorld.make(url: url, customerCount: 1)
            let customer = Caller(user: try #require(try Users.find(id: world.customers[0], on: world.connection)), origin: .commandLine,
                                  connection: world.connection)
            for _ in 0..<3 { try PhoneConfirmation.start(phone: "+4915112345678", for: customer) }
            #expect(performing: { try PhoneConfirmation.start(phone: "+4915112345678", for: customer) }, throws: { error in
                if case DomainError.tooManyRequests(let wait, _) = error { return wait > 0 }
                return false
            })
        }
    }
}

/// `Tests/support/sms_stub.py` on a loopback port for one test.
final class SMSStub {
    private let child: LoopbackChild
    var baseURL: String { child.baseURL }

    init() throws {
        child = try LoopbackChild(script: "sms_stub.py")
    }

    func messages() throws -> [[String: Any]] {
        let answer = try OutboundHTTP().send("GET", baseURL + "/_stub/messages")
        return try JSONSerialization.jsonObject(with: Data(answer.body)) as? [[String: Any]] ?? []
    }

    func stop() { child.stop() }
}
