@testable import Domain
import Foundation
import Testing
import TestSupport

/// Loadable payment gateways over the module protocol: what the portal sends, and every way a
/// gateway program can fail becoming a readable error or a refused notification. No database.
@Suite("Loadable payment gateways (ExternalGateway, GatewayDirectory)")
struct ExternalGatewayTests {
    let place: Scratch

    init() throws {
        place = try Scratch()
    }

    func gateway(_ name: String, _ script: String) throws -> ExternalGateway {
        let module = try place.module(name, script)
        return ExternalGateway(name: name, path: module.path)
    }

    static let checkout = Checkout(sessionID: "sess_0123456789abcdef", invoiceID: 7, invoiceNumber: "2026-0007", amount: Money("12.50")!,
                                   currency: "EUR", returnPath: "/my/invoices/7?checkout=sess_0123456789abcdef",
                                   portalURL: "https://portal.example.net", secretKey: "sk_live_very_secret")
    static let quick = GatewaySettings(name: "quick", options: ["timeout_seconds": .number(1), "mode": .string("test")])

    @Test("start_checkout: one protocol request with the amount as a decimal string and the opened API key; url and session back")
    func startCheckout() throws {
        let gateway = try gateway("okpay", """
            #!/bin/sh
            cat > "$(dirname "$0")/request.json"
            echo '{"ok": true, "url": "https://pay.example.net/c/42", "gateway_session_id": "gs_42"}'
            """)
        let started = try gateway.startCheckout(Self.checkout, settings: Self.quick)
        #expect(started == CheckoutStart(url: "https://pay.example.net/c/42", gatewaySessionID: "gs_42"))
        let sent = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: place.url("request.json")))
        guard case .object(let fields) = sent, case .object(let checkout)? = fields["checkout"] else {
            Issue.record("not a request with a checkout: \(sent)")
            return
        }
        #expect(fields["protocol"] == .number(1) && fields["action"] == .string("start_checkout") && fields["gateway"] == .string("okpay"))
        #expect(fields["api_key"] == .string("sk_live_very_secret"))
        #expect(fields["settings"] == .object(["timeout_seconds": .number(1), "mode": .string("test")]))
        #expect(checkout["amount"] == .string("12.50") && checkout["currency"] == .string("EUR") && checkout["invoice_id"] == .number(7))
        #expect(checkout["return_url"] == .string("https://portal.example.net/my/invoices/7?checkout=sess_0123456789abcdef"))
    }

    @Test("hang, crash, garbage, silence, a too large answer or an unusable url: readable errors, never a crash")
    func failures() throws {
        let cases: [(String, String, String)] = [
            ("hangs", "#!/bin/sh\nsleep 60\n", "gateway hangs did not answer within 1 s"),
            ("crashes", "#!/bin/sh\nkill -SEGV $$\n", "gateway crashes was killed by signal 11 (SIGSEGV) without an answer"),
            ("garbage", "#!/bin/sh\necho 'hello sk_live_very_secret'\n", "gateway garbage answered something that is not the protocol's JSON: hello [hidden]"),
            ("silent", "#!/bin/sh\nexit 4\n", "gateway silent exited with status 4 without an answer"),
            ("huge", "#!/bin/sh\nyes x | head -c 2000000\n",
             "gateway huge answered more than 1048576 bytes on stdout; the protocol's answer is one small JSON object"),
            ("badurl", "#!/bin/sh\necho '{\"ok\": true, \"url\": \"javascript:alert(1)\", \"gateway_session_id\": \"g\"}'\n",
             "gateway badurl answered start_checkout without a usable \"url\" (http(s) or a path) and \"gateway_session_id\""),
            ("failing", "#!/bin/sh\necho '{\"ok\": false, \"error\": \"bank closed\"}'\n", "bank closed"),
        ]
        for (name, script, message) in cases {
            let gateway = try gateway(name, script)
            let started = ContinuousClock.now
            let error = failure { _ = try gateway.startCheckout(Self.checkout, settings: Self.quick) }
            #expect(error?.message == message)
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test("verify: the program's refusal is kept; unknown words are bad_signature; a crash or no event is unreadable_event")
    func verifyRefusals() throws {
        let cases: [(String, String, WebhookSignature.Refusal)] = [
            ("stale", "#!/bin/sh\necho '{\"ok\": false, \"refused\": \"stale_timestamp\"}'\n", .staleTimestamp),
            ("odd", "#!/bin/sh\necho '{\"ok\": false, \"refused\": \"nope\"}'\n", .badSignature),
            ("dies", "#!/bin/sh\nkill -KILL $$\n", .unreadableEvent),
            ("noevent", "#!/bin/sh\necho '{\"ok\": true}'\n", .unreadableEvent),
            ("halfevent", "#!/bin/sh\necho '{\"ok\": true, \"event\": {\"id\": \"e1\", \"kind\": \"payment_succeeded\"}}'\n", .unreadableEvent),
        ]
        for (name, script, refusal) in cases {
            let gateway = try gateway(name, script)
            #expect(throws: refusal) { _ = try gateway.verify(body: [1, 2], headers: [:], secret: "whsec_x", now: Date()) }
        }
    }

    @Test("the example gateway verifies its own HMAC header on the raw body and reads the event")
    func examplePay() throws {
        let gateway = ExternalGateway(name: "examplepay", path: TestEnvironment.repositoryRoot + "/modules/gateways/examplepay")
        let body = Array(#"{"id":"evt_1","type":"payment.succeeded","session":"ex_1","transaction":"tx_1","amount":"12.50","currency":"eur"}"#.utf8)
        let signature = "sha256=" + (try HMACSHA256.mac(key: Array("whsec_example".utf8), message: body)).hexString
        let event = try gateway.verify(body: body, headers: ["x-example-signature": signature], secret: "whsec_example", now: Date())
        #expect(event == GatewayEvent(eventID: "evt_1", type: "payment.succeeded", kind: .paymentSucceeded, gatewaySessionID: "ex_1",
                                      transactionID: "tx_1", amount: Money("12.50"), currency: "EUR"))
        #expect(try gateway.readEvent(body) == event)
        #expect(throws: WebhookSignature.Refusal.badSignature) {
            _ = try gateway.verify(body: body + [0x20], headers: ["x-example-signature": signature], secret: "whsec_example", now: Date())
        }
        #expect(throws: WebhookSignature.Refusal.missingSignature) { _ = try gateway.verify(body: body, headers: [:], secret: "whsec_example", now: Date()) }
    }

    @Test("the gateways folder: names follow the table's rule, built-in names are taken, provisioning modules are not gateways")
    func directory() throws {
        try FileManager.default.createDirectory(at: place.url("gateways"), withIntermediateDirectories: true)
        for name in ["gateways/acme_pay", "gateways/acme-pay", "gateways/demo", "gateways/x", "cloudy"] {
            _ = try place.module(name, "#!/bin/sh\n")
        }
        let folder = GatewayDirectory(modules: ModuleDirectory(path: place.root.path))
        #expect(folder.names() == ["acme_pay"])
        #expect(folder.gateway(named: "cloudy") == nil && folder.gateway(named: "../cloudy") == nil)
        #expect(GatewayDirectory(modules: ModuleDirectory(path: nil)).names() == [])
        #expect(GatewayDirectory.isValidName("examplepay") && !GatewayDirectory.isValidName("Example") && !GatewayDirectory.isValidName("9pay"))
    }
}
