@testable import Domain
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

/// Refunds through the payment's gateway: a credit note follows each one, the gateway is called
/// once per refund whatever staff click, and a refusal changes nothing but the refund's record.
@Suite("Payments: refunds through the payment's gateway, exactly once")
struct PaymentRefundTests {
    struct Desk {
        let connection: PostgresConnection
        let payment: GatewayPayment
        let staff: User
        let totp: TOTP

        init(url: String) throws {
            connection = try PostgresConnection(connectionString: url)
            _ = try Migrator(connection: connection).migrate(try Migration.load(from: TestEnvironment.repositoryRoot + "/db/migrations"))
            payment = try Fixtures.paidByDemo(on: connection)
            (staff, totp) = try Fixtures.enrolledStaff(on: connection, role: .staff)
        }

        func refund(_ amount: String) throws -> PaymentRefund {
            try Self.refund(amount, of: payment, by: staff, totp: totp, on: connection)
        }

        static func refund(_ amount: String, of payment: GatewayPayment, by staff: User, totp: TOTP, steps: Int64 = 0, on connection: PostgresConnection)
            throws -> PaymentRefund {
            try PaymentRefunds(twoFactor: TwoFactor(box: try Fixtures.box())).refund(
                transactionID: payment.transactionID, amount: Money(amount)!, reason: "Customer asked",
                by: Caller(user: staff, origin: .commandLine, connection: connection), code: try Fixtures.code(totp, steps: steps))
        }

        func invoice() throws -> Invoice { try #require(try Invoices.find(id: payment.invoiceID, on: connection)) }
        func count(_ sql: String) throws -> Int { try connection.query("SELECT count(*) AS n FROM \(unescaped: sql)")[0].decode(Int.self, "n") }
        var gatewayCalls: Int { DemoGateway.refunds(of: payment.gatewayTransactionID) }
    }

    @Test("a partial refund, then the rest: credit notes to `gateway`, the invoice's refunded amount grows and it ends `refunded`")
    func partialThenFull() throws {
        try TestEnvironment.withScratchDatabase { url in
            let desk = try Desk(url: url)
            Fixtures.awayFromStepEnd()
            let first = try desk.refund("3.00")
            #expect(first.status == .succeeded && first.gatewayRefundID?.hasPrefix("re_demo_") == true && first.creditNoteID != nil)
            var invoice = try desk.invoice()
            #expect(invoice.status == .paid && invoice.refunded == Money("3.00") && invoice.credited == Money("3.00"))
            #expect(invoice.creditNotes.map(\.refundTo) == [.gateway])
            try Fixtures.allowNextCode(desk.staff, on: desk.connection)
            _ = try desk.refund(String(describing: Money(cents: desk.payment.amount.cents - 300)))
            invoice = try desk.invoice()
            #expect(invoice.status == .refunded && invoice.refunded == desk.payment.amount && invoice.creditable == .zero)
            #expect(try desk.count("credit_notes WHERE refund_to = 'gateway'") == 2 && desk.gatewayCalls == 2)
            try Fixtures.allowNextCode(desk.staff, on: desk.connection)
            #expect(throws: DomainError.self) { try desk.refund("0.01") }
            #expect(desk.gatewayCalls == 2)
        }
    }

    @Test("more than still refundable is refused on `amount` naming the most; nothing is claimed, nothing changes")
    func tooMuch() throws {
        try TestEnvironment.withScratchDatabase { url in
            let desk = try Desk(url: url)
            let most = desk.payment.amount
            #expect(throws: DomainError.invalid("amount", "must be at most \(most), what is still refundable of this payment")) {
                try desk.refund(String(describing: Money(cents: most.cents + 1)))
            }
            #expect(try desk.count("payment_refunds") == 0 && desk.count("credit_notes") == 0 && desk.gatewayCalls == 0)
            #expect(try desk.invoice().status == .paid)
        }
    }

    @Test("the gateway refuses: the refund is recorded refused with its reason, nothing else changes; a later try can succeed")
    func refused() throws {
        try TestEnvironment.withScratchDatabase { url in
            let desk = try Desk(url: url)
            try desk.connection.query(#"UPDATE payment_gateways SET settings = settings || '{"refuse_refunds": true}' WHERE name = 'demo'"#)
            Fixtures.awayFromStepEnd()
            #expect(throws: DomainError.conflict("The gateway refused the refund: The demo bank refuses refunds (setting refuse_refunds).")) {
                try desk.refund("2.00")
            }
            let row = try desk.connection.query("SELECT status, refusal, credit_note_id FROM payment_refunds")[0]
            #expect(try row.decode(String.self, "status") == "refused" && row.decode(String.self, "refusal").contains("refuses refunds"))
            #expect(try row.decode(Int?.self, "credit_note_id") == nil && desk.count("credit_notes") == 0 && desk.gatewayCalls == 0)
            let invoice = try desk.invoice()
            #expect(invoice.status == .paid && invoice.refunded == .zero && invoice.credited == .zero)
            try desk.connection.query(#"UPDATE payment_gateways SET settings = settings - 'refuse_refunds' WHERE name = 'demo'"#)
            try Fixtures.allowNextCode(desk.staff, on: desk.connection)
            #expect(try desk.refund("2.00").status == .succeeded, "a refused refund does not block the next")
        }
    }

    @Test("a refund still pending blocks a second one with 409 before the gateway is called")
    func pendingBlocks() throws {
        try TestEnvironment.withScratchDatabase { url in
            let desk = try Desk(url: url)
            _ = try PaymentRefunds.claim(transactionID: desk.payment.transactionID, amount: Money("1.00")!, reason: "in flight",
                                         actor: Actor(desk.staff), on: desk.connection)
            Fixtures.awayFromStepEnd()
            #expect(throws: DomainError.self) { try desk.refund("1.00") }
            #expect(try desk.count("credit_notes") == 0 && desk.gatewayCalls == 0)
        }
    }

    @Test("a staff double-click (two concurrent refunds, two valid codes): the gateway is called once, one credit note")
    func doubleClick() throws {
        try TestEnvironment.withScratchDatabase { url in
            let desk = try Desk(url: url)
            let amount = String(describing: desk.payment.amount)
            let (payment, staff, totp) = (desk.payment, desk.staff, desk.totp)
            let outcomes = Mutex<[String]>([])
            Fixtures.awayFromStepEnd()
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                do {
                    _ = try Desk.refund(amount, of: payment, by: staff, totp: totp, steps: Int64(index), on: try PostgresConnection(connectionString: url))
                    outcomes.withLock { $0.append("refunded") }
                } catch { outcomes.withLock { $0.append("refused: \(error)") } }
            }
            #expect(outcomes.withLock { $0.filter { $0 == "refunded" }.count } == 1, "\(outcomes.withLock { $0 })")
            #expect(desk.gatewayCalls == 1)
            #expect(try desk.count("credit_notes") == 1 && desk.count("payment_refunds WHERE status = 'succeeded'") == 1)
            #expect(try desk.count("payment_refunds WHERE status = 'pending'") == 0)
            #expect(try desk.invoice().status == .refunded)
        }
    }
}
