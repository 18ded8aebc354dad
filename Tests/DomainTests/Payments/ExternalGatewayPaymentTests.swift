@testable import Domain
import Foundation
import Postgres
import Testing
import TestSupport

/// The example loadable gateway end to end on a scratch database: installed disabled, enabled by an
/// admin, a checkout, a signed notification delivered three times paying the invoice once, a forged
/// one refused and stored as refused, refunds through the program (made, then refused by an option).
@Suite("Payments: a loadable gateway (examplepay) end to end")
struct ExternalGatewayPaymentTests {
    static let secret = "whsec_example_0123456789"

    @Test("install, enable, checkout, notify 3× → paid once; forged → refused; refund → credit note; refused refund changes nothing")
    func endToEnd() throws {
        let folder = GatewayDirectory(modules: ModuleDirectory(path: TestEnvironment.repositoryRoot + "/modules"))
        try TestEnvironment.withScratchDatabase { url in
            let connection = try PostgresConnection(connectionString: url)
            _ = try Migrator(connection: connection).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
            #expect(throws: DomainError.self) { try GatewayInstallation.install("example-pay", from: folder, on: connection) }
            #expect(throws: DomainError.self) { try GatewayInstallation.install("demo", from: folder, on: connection) }
            let installed = try GatewayInstallation.install("examplepay", from: folder, on: connection)
            #expect(installed.created && !installed.settings.enabled)
            #expect(try GatewayInstallation.install("examplepay", from: folder, on: connection).created == false)

            let box = try Fixtures.box()
            let gateways = PaymentGateways(box: box)
            let (admin, totp) = try Fixtures.enrolledStaff(on: connection, role: .admin)
            let settings = try PaymentSettingsChange(gateways: gateways, twoFactor: TwoFactor(box: box)).update(
                gateway: "examplepay", ["enabled": "true", "webhook_secret": Self.secret, "options": #"{"pay_url": "https://pay.example.test/c"}"#],
                by: Caller(user: admin, origin: .commandLine, connection: connection), code: try Fixtures.code(totp))
            #expect(settings.enabled && settings.options["pay_url"] == .string("https://pay.example.test/c"))

            // The program is found where the portal looks for it: VPS_MODULES_DIR (the test stack's copy of modules/).
            guard PaymentGateways.module(named: "examplepay") != nil else {
                Issue.record("examplepay is not in VPS_MODULES_DIR/gateways (\(ProcessInfo.processInfo.environment["VPS_MODULES_DIR"] ?? "unset"))")
                return
            }
            let user = try Fixtures.customer(on: connection)
            let order = try OrderPlacement.place(customerID: user.id, lines: [OrderLine(productID: try Fixtures.product(on: connection).id, billingCycle: .monthly)],
                                                 on: connection, actor: .commandLine, origin: .commandLine)
            let invoiceID = try #require(order.invoiceID)
            let started = try CheckoutSessions.start(invoiceID: invoiceID, gateway: "examplepay", by: Caller(user: user, origin: .commandLine, connection: connection))
            #expect(started.url == "https://pay.example.test/c?session=\(started.session.gatewaySessionID)")
            #expect(started.session.gatewaySessionID.hasPrefix("ex_"))

            let body = Array("""
                {"id":"evt_ex_1","type":"payment.succeeded","session":"\(started.session.gatewaySessionID)","transaction":"tx_ex_1",\
                "amount":"\(started.session.amount)","currency":"\(started.session.currency)"}
                """.utf8)
            let intake = WebhookIntake(gateways: gateways)
            let origin = RequestOrigin(address: "192.0.2.9")
            let outcomes = try (1...3).map { _ in
                try intake.receive(gateway: "examplepay", body: body, headers: ["x-example-signature": try Self.sign(body)], origin: origin, on: connection)
            }
            #expect(outcomes.dropFirst() == [.duplicate, .duplicate])
            while try PaymentEventQueue.runNext(runnerKey: 9, on: connection) {}
            let invoice = try #require(try Invoices.find(id: invoiceID, on: connection))
            #expect(invoice.status == .paid && invoice.payments.count == 1)

            let forged = Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "tx_ex_1", with: "tx_ex_2").utf8)
            #expect(throws: WebhookIntake.Refused(reason: .badSignature)) {
                try intake.receive(gateway: "examplepay", body: forged, headers: ["x-example-signature": try Self.sign(body)], origin: origin, on: connection)
            }
            #expect(try connection.query("SELECT count(*) AS n FROM payment_notifications WHERE gateway = 'examplepay' AND status = 'refused'")[0]
                .decode(Int.self, "n") == 1)

            let (staff, staffTOTP) = try Fixtures.enrolledStaff(on: connection, role: .staff)
            let transactionID = try connection.query("SELECT id FROM payment_transactions WHERE gateway = 'examplepay'")[0].decode(Int.self, "id")
            func refund(_ amount: String) throws -> PaymentRefund {
                try Fixtures.allowNextCode(staff, on: connection)
                return try PaymentRefunds(twoFactor: TwoFactor(box: box)).refund(
                    transactionID: transactionID, amount: Money(amount)!, reason: "Customer asked",
                    by: Caller(user: staff, origin: .commandLine, connection: connection), code: try Fixtures.code(staffTOTP))
            }
            Fixtures.awayFromStepEnd()
            let made = try refund("1.00")
            #expect(made.status == .succeeded && made.gatewayRefundID?.hasPrefix("exr_") == true && made.creditNoteID != nil)
            try connection.query(#"UPDATE payment_gateways SET settings = settings || '{"refuse_refunds": true}' WHERE name = 'examplepay'"#)
            Fixtures.awayFromStepEnd()
            #expect(throws: (any Error).self) { _ = try refund("1.00") }
            #expect(try connection.query("SELECT count(*) AS n FROM credit_notes")[0].decode(Int.self, "n") == 1)
        }
    }

    static func sign(_ body: [UInt8]) throws -> String {
        "sha256=" + (try HMACSHA256.mac(key: Array(secret.utf8), message: body)).hexString
    }
}
