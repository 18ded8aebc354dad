import Foundation

/// One call to Stripe's API: form-encoded POST (or GET) with the secret key as Bearer, JSON back.
/// A 2xx is decoded; a 4xx is Stripe's refusal (`Refusal`, its message and codes); no answer, a
/// 5xx or an unreadable answer is `PaymentProviderUnavailable`. A POST may carry Stripe's
/// `Idempotency-Key`: asked again with the same key, Stripe answers what it answered the first
/// time instead of charging or refunding again.
struct StripeAPI {
    let base: String
    let secretKey: String

    /// Stripe said no: `error` of its answer (a 402 `card_error` is a declined card).
    struct Refusal: Error, Equatable {
        var status: Int
        var message: String
        var type: String = ""
        var code: String = ""
        var declineCode: String = ""
    }

    /// Throws `conflict` when the gateway has no secret key.
    init(settings: GatewaySettings, secretKey: String?) throws {
        guard let secretKey, !secretKey.isEmpty else { throw DomainError.conflict("The stripe gateway has no secret key; ask the administrator.") }
        let base = settings.text("api_base") ?? StripeGateway.defaultAPIBase
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.secretKey = secretKey
    }

    func post<Answer: Decodable>(_ path: String, _ form: [(String, String)], idempotencyKey: String? = nil) throws -> Answer {
        var headers = [("Authorization", "Bearer \(secretKey)"), ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        if let idempotencyKey { headers.append(("Idempotency-Key", idempotencyKey)) }
        return try call("POST", path, headers: headers, body: Array(Self.encode(form).utf8))
    }

    func get<Answer: Decodable>(_ path: String) throws -> Answer {
        try call("GET", path, headers: [("Authorization", "Bearer \(secretKey)"), ("Accept", "application/json")], body: [])
    }

    private func call<Answer: Decodable>(_ method: String, _ path: String, headers: [(String, String)], body: [UInt8]) throws -> Answer {
        let answer: OutboundHTTP.Response
        do {
            answer = try OutboundHTTP(connectTimeout: 5, totalTimeout: 20).send(method, base + path, headers: headers, body: body)
        } catch let error as OutboundHTTPError {
            throw PaymentProviderUnavailable(answered: false, detail: "stripe \(path): \(error)")
        }
        switch answer.status {
        case 200..<300:
            guard let decoded = try? JSONDecoder().decode(Answer.self, from: Data(answer.body)) else {
                throw PaymentProviderUnavailable(answered: true, detail: "stripe \(path): an unreadable \(answer.status) answer")
            }
            return decoded
        case 400..<500:
            let error = (try? JSONDecoder().decode(ErrorBody.self, from: Data(answer.body)))?.error
            throw Refusal(status: answer.status, message: error?.message ?? "HTTP \(answer.status)", type: error?.type ?? "",
                          code: error?.code ?? "", declineCode: error?.declineCode ?? "")
        default:
            throw PaymentProviderUnavailable(answered: false, detail: "stripe \(path): HTTP \(answer.status)")
        }
    }

    /// `application/x-www-form-urlencoded`, brackets and all escaped (Stripe decodes them).
    static func encode(_ form: [(String, String)]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return form.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    private struct ErrorBody: Decodable {
        struct Detail: Decodable {
            var message: String
            var type: String?
            var code: String?
            var declineCode: String?
            enum CodingKeys: String, CodingKey { case message, type, code, declineCode = "decline_code" }
        }
        var error: Detail
    }
}

/// A payment provider did not answer usefully (down, too slow, a 5xx, an unreadable answer):
/// nothing was charged or refunded. Answered 503 problem+json with `Retry-After` (the one
/// unavailable status every API operation documents already).
public struct PaymentProviderUnavailable: Error, Sendable, CustomStringConvertible {
    /// True when the provider answered, but not usefully.
    public var answered: Bool
    /// For the log: what happened (never shown to the customer).
    public var detail: String
    public var description: String { detail }
}
