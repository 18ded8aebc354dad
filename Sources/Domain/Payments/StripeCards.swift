import Foundation

/// Stripe's calls for saved cards, all on hosted pages (no card number ever reaches the portal):
/// the Stripe customer, a Checkout Session in `setup` mode, reading the card a finished setup
/// saved, and detaching it.
struct StripeCards {
    let api: StripeAPI

    /// What the portal keeps of a card: Stripe's id and what the customer recognises it by.
    struct Card: Sendable, Equatable {
        var methodID: String
        var brand: String
        var last4: String
        var expMonth: Int
        var expYear: Int
    }

    init(settings: GatewaySettings, secretKey: String?) throws {
        api = try StripeAPI(settings: settings, secretKey: secretKey)
    }

    /// `POST /v1/customers`. The idempotency key makes two racing first setups get one customer.
    func createCustomer(email: String, customerID: Int) throws -> String {
        let created: Object = try api.post("/v1/customers", [("email", email), ("metadata[customer_id]", String(customerID))],
                                           idempotencyKey: "portal-customer-\(customerID)")
        return created.id
    }

    /// `POST /v1/checkout/sessions` with `mode=setup`: the hosted "add a card" page.
    func startSetup(customer: String, returnURL: String, setupID: String) throws -> CheckoutStart {
        let session: Object = try api.post("/v1/checkout/sessions", [
            ("mode", "setup"), ("customer", customer), ("payment_method_types[0]", "card"),
            ("success_url", returnURL), ("cancel_url", returnURL), ("client_reference_id", setupID), ("metadata[setup]", setupID),
        ])
        guard let url = session.url, url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw PaymentProviderUnavailable(answered: true, detail: "stripe: a setup session without a url")
        }
        return CheckoutStart(url: url, gatewaySessionID: session.id)
    }

    /// The card a succeeded setup intent saved (`GET /v1/setup_intents/{id}`, then `GET /v1/payment_methods/{pm}`).
    func card(setupIntent: String) throws -> Card {
        let intent: SetupIntent = try api.get("/v1/setup_intents/\(Self.escaped(setupIntent))")
        guard let methodID = intent.paymentMethod, !methodID.isEmpty, methodID.count <= 200 else {
            throw PaymentProviderUnavailable(answered: true, detail: "stripe: setup intent \(setupIntent) has no payment method yet")
        }
        let method: PaymentMethod = try api.get("/v1/payment_methods/\(Self.escaped(methodID))")
        guard let card = method.card, card.last4.count == 4, card.last4.allSatisfy(\.isASCIIDigit),
              (1...12).contains(card.expMonth), (2000...2200).contains(card.expYear) else {
            throw PaymentProviderUnavailable(answered: true, detail: "stripe: payment method \(methodID) is not a readable card")
        }
        return Card(methodID: methodID, brand: String(card.brand.prefix(40)), last4: card.last4, expMonth: card.expMonth, expYear: card.expYear)
    }

    /// `POST /v1/payment_methods/{pm}/detach`. A card Stripe no longer has attached counts as detached.
    func detach(_ methodID: String) throws {
        do {
            let _: Object = try api.post("/v1/payment_methods/\(Self.escaped(methodID))/detach", [])
        } catch let refusal as StripeAPI.Refusal where refusal.status == 400 || refusal.status == 404 {
            return
        }
    }

    private static func escaped(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? ""
    }

    private struct Object: Decodable {
        var id: String
        var url: String?
    }

    private struct SetupIntent: Decodable {
        var paymentMethod: String?
        enum CodingKeys: String, CodingKey { case paymentMethod = "payment_method" }
    }

    private struct PaymentMethod: Decodable {
        struct CardDetails: Decodable {
            var brand: String
            var last4: String
            var expMonth: Int
            var expYear: Int
            enum CodingKeys: String, CodingKey { case brand, last4, expMonth = "exp_month", expYear = "exp_year" }
        }
        var card: CardDetails?
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
