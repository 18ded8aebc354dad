import CCurl
import Foundation

/// Sends one message over SMTP with libcurl (beside `OutboundHTTP`): `smtp://` (with STARTTLS
/// required when asked) or `smtps://`, AUTH when a username is given, MAIL FROM / RCPT TO, a
/// connect and a total timeout. One handle, owned by the thread that made it: not `Sendable`.
public final class OutboundSMTP {
    public let connectTimeout: TimeInterval
    public let totalTimeout: TimeInterval
    /// A CA bundle to trust instead of the system's (a test's self-signed certificate).
    public let caFile: String?
    private let handle: UnsafeMutableRawPointer

    private static let initialized = ccurl_global_init() == CURLE_OK

    /// Throws when libcurl cannot make a handle.
    public init(connectTimeout: TimeInterval = 10, totalTimeout: TimeInterval = 60, caFile: String? = nil) throws {
        guard Self.initialized, let handle = curl_easy_init() else { throw OutboundHTTPError(code: CURLE_FAILED_INIT, detail: "curl_easy_init failed") }
        self.handle = handle
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.caFile = caFile
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// Sends `message` (RFC 5322 bytes) from `from` to `to` through `url` (`smtp://host:port` or
    /// `smtps://…`); throws `OutboundHTTPError` when the server refused or could not be reached.
    public func send(url: String, requireSTARTTLS: Bool, username: String?, password: String?, from: String, to: String, message: [UInt8]) throws {
        curl_easy_reset(handle)
        let recipients = curl_slist_append(nil, "<\(to)>")
        defer { curl_slist_free_all(recipients) }
        let source = Source(message)
        try check(ccurl_set_text(handle, CURLOPT_URL, url))
        try check(ccurl_set_text(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps"))
        try check(ccurl_set_long(handle, CURLOPT_NOSIGNAL, 1))
        try check(ccurl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000)))
        try check(ccurl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(totalTimeout * 1000)))
        if requireSTARTTLS { try check(ccurl_set_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))) }
        if let caFile { try check(ccurl_set_text(handle, CURLOPT_CAINFO, caFile)) }
        if let username, !username.isEmpty {
            try check(ccurl_set_text(handle, CURLOPT_USERNAME, username))
            try check(ccurl_set_text(handle, CURLOPT_PASSWORD, password ?? ""))
        }
        try check(ccurl_set_text(handle, CURLOPT_MAIL_FROM, "<\(from)>"))
        try check(ccurl_set_pointer(handle, CURLOPT_MAIL_RCPT, UnsafeMutableRawPointer(recipients)))
        try check(ccurl_set_long(handle, CURLOPT_UPLOAD, 1))
        try check(ccurl_set_long(handle, CURLOPT_INFILESIZE, message.count))
        try check(ccurl_set_sink(handle, CURLOPT_READFUNCTION) { Source.read($0, $1 * $2, $3) })
        try check(ccurl_set_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(source).toOpaque()))
        try withExtendedLifetime(source) { try check(curl_easy_perform(handle)) }
    }

    /// The one funnel for libcurl's result codes.
    private func check(_ code: CURLcode) throws {
        guard code != CURLE_OK else { return }
        throw OutboundHTTPError(code: code, detail: String(cString: curl_easy_strerror(code)))
    }

    /// Hands the message to libcurl's read callback in pieces.
    private final class Source {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        static func read(_ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int, _ context: UnsafeMutableRawPointer?) -> Int {
            guard let buffer, let context else { return 0 }
            let source = Unmanaged<Source>.fromOpaque(context).takeUnretainedValue()
            let count = min(capacity, source.bytes.count - source.offset)
            source.bytes.withUnsafeBufferPointer { all in
                buffer.withMemoryRebound(to: UInt8.self, capacity: count) { $0.update(from: all.baseAddress! + source.offset, count: count) }
            }
            source.offset += count
            return count
        }
    }
}
