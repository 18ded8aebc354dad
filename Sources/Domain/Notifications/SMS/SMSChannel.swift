import Foundation
import Postgres

/// The built-in `sms` channel: `POST {base}/2010-04-01/Accounts/{sid}/Messages.json` with the
/// form fields `To`, `From`, `Body` and Basic auth (SID and the sealed token), as Twilio takes it.
/// A 2xx answer's `sid` is the provider id; a 4xx is permanent, anything else is retried.
public struct SMSChannel: NotificationChannel, Sendable {
    public static let name = "sms"
    public var name: String { Self.name }
    public let box: SecretBox
    public let timeoutSeconds: Double

    public init(box: SecretBox, timeoutSeconds: Double = 20) {
        self.box = box
        self.timeoutSeconds = timeoutSeconds
    }

    public func deliver(_ message: OutboxMessage, on connection: PostgresConnection) throws -> String {
        let settings = try SMSSettings.load(on: connection)
        guard settings.configured, let token = try SMSSettings.token(box: box, on: connection) else {
            throw SMSNotConfigured()
        }
        guard PhoneNumber.isValid(message.recipient) else { throw PermanentDeliveryFailure("\(message.recipient.debugDescription) is not a phone number") }
        let form = [("To", message.recipient), ("From", settings.from), ("Body", String(message.text.prefix(1600)))]
            .map { "\($0)=\(Self.formEncode($1))" }.joined(separator: "&")
        let credentials = Data("\(settings.accountSID):\(token)".utf8).base64EncodedString()
        let response = try OutboundHTTP(connectTimeout: min(5, timeoutSeconds), totalTimeout: timeoutSeconds).send(
            "POST", "\(settings.baseURL)/2010-04-01/Accounts/\(settings.accountSID)/Messages.json",
            headers: [("Authorization", "Basic \(credentials)"), ("Content-Type", "application/x-www-form-urlencoded")], body: Array(form.utf8))
        let answer = String(decoding: response.body.prefix(300), as: UTF8.self)
        switch response.status {
        case 200..<300:
            let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            return (json?["sid"] as? String) ?? "sms-\(response.status)"
        case 400..<500 where response.status != 429:
            throw PermanentDeliveryFailure("the SMS provider refused it (\(response.status)): \(answer)")
        default:
            throw SMSProviderError(description: "the SMS provider answered \(response.status): \(answer)")
        }
    }

    /// `application/x-www-form-urlencoded`: unreserved bytes as they are, the rest %-encoded.
    static func formEncode(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// The provider answered with an error worth retrying (5xx, 429).
struct SMSProviderError: Error, CustomStringConvertible { var description: String }

/// No provider is set up yet; retried, so messages go out once an admin sets one.
struct SMSNotConfigured: Error, CustomStringConvertible { var description: String { "SMS is not set up (settings: base URL, SID, token, from)" } }
