import Foundation

/// Stripe's webhook signature scheme, used by every gateway module that signs this way (`demo`,
/// later `stripe`): header `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, each `v1` an
/// HMAC-SHA256 under the endpoint's secret of `"<t>.<raw body>"`. A notification is genuine when
/// ANY `v1` matches (each compared in constant time — a secret being rolled sends two) and `t`
/// is within `tolerance` seconds of now, either way (a replay of an old delivery is refused).
public enum WebhookSignature {
    /// Seconds a signature stays acceptable (Stripe's default).
    public static let tolerance: TimeInterval = 300

    /// Why a notification was refused; the raw value is what `payment_notifications.verification` stores.
    public enum Refusal: String, Error, Sendable, Equatable {
        case missingSignature = "missing_signature"
        case malformedSignature = "malformed_signature"
        case staleTimestamp = "stale_timestamp"
        case badSignature = "bad_signature"
        case unreadableEvent = "unreadable_event"
    }

    /// The header value signing `body` at `moment` (for senders: the demo gateway, tests).
    public static func header(body: [UInt8], secret: String, at moment: Date) throws -> String {
        let timestamp = Int64(moment.timeIntervalSince1970.rounded(.down))
        return "t=\(timestamp),v1=\(try expected(body: body, secret: secret, timestamp: String(timestamp)).hexString)"
    }

    /// Checks `header` against `body` (the exact bytes received) at `now`; throws the refusal.
    public static func verify(header: String?, body: [UInt8], secret: String, now: Date) throws(Refusal) {
        guard let header, !header.isEmpty else { throw .missingSignature }
        var timestamp: String?
        var candidates: [[UInt8]] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { throw .malformedSignature }
            switch pair[0] {
            case "t": timestamp = pair[1]
            case "v1": if let bytes = hexBytes(pair[1]) { candidates.append(bytes) }
            default: continue  // other schemes (Stripe's v0) are ignored, as Stripe's libraries do
            }
        }
        guard let timestamp, let seconds = Int64(timestamp), !candidates.isEmpty else { throw .malformedSignature }
        guard abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance else { throw .staleTimestamp }
        guard let wanted = try? expected(body: body, secret: secret, timestamp: timestamp) else { throw .badSignature }
        var matched = false
        for candidate in candidates where HMACSHA256.constantTimeEquals(candidate, wanted) { matched = true }
        guard matched else { throw .badSignature }
    }

    private static func expected(body: [UInt8], secret: String, timestamp: String) throws -> [UInt8] {
        try HMACSHA256.mac(key: Array(secret.utf8), message: Array("\(timestamp).".utf8) + body)
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
