import CCurl
import Foundation

/// A small HTTP client over libcurl for the portal's own outgoing calls (payment gateways, the
/// demo gateway's notifications). One request at a time on one libcurl handle, owned by the
/// thread that made it: not `Sendable` — make one where it is used. Redirects are never
/// followed (a 3xx comes back as it is), only http and https are spoken, and every call has a
/// connect and a total timeout.
public final class OutboundHTTP {
    /// What the server answered.
    public struct Response: Sendable, Equatable {
        public var status: Int
        /// Header names lower-cased; a repeated header keeps its last value.
        public var headers: [String: String]
        public var body: [UInt8]
    }

    public let connectTimeout: TimeInterval
    public let totalTimeout: TimeInterval
    private let handle: UnsafeMutableRawPointer

    private static let initialized = ccurl_global_init() == CURLE_OK

    /// Throws when libcurl cannot make a handle.
    public init(connectTimeout: TimeInterval = 5, totalTimeout: TimeInterval = 20) throws {
        guard Self.initialized, let handle = curl_easy_init() else { throw OutboundHTTPError(code: CURLE_FAILED_INIT, detail: "curl_easy_init failed") }
        self.handle = handle
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// Sends `method` to `url` with `headers` ("Name: value" pairs) and `body`; any status is an
    /// answer, only a failure to get one (refused, timed out, bad TLS…) throws `OutboundHTTPError`.
    /// `resolve` pins host names to addresses (`CURLOPT_RESOLVE` entries `host:port:addr,…`), so
    /// the request goes where the caller checked rather than where a second DNS answer points.
    public func send(_ method: String, _ url: String, headers: [(String, String)] = [], body: [UInt8] = [],
                     resolve: [String] = []) throws -> Response {
        curl_easy_reset(handle)
        var list: UnsafeMutablePointer<curl_slist>?
        var pins: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(list); curl_slist_free_all(pins) }
        for entry in resolve { pins = curl_slist_append(pins, entry) }
        for (name, value) in headers + [("Expect", "")] {  // no "100-continue" round trip
            list = curl_slist_append(list, "\(name): \(value)")
        }
        let sink = Sink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try check(ccurl_set_text(handle, CURLOPT_URL, url))
        try check(ccurl_set_text(handle, CURLOPT_CUSTOMREQUEST, method))
        try check(ccurl_set_text(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        try check(ccurl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        try check(ccurl_set_long(handle, CURLOPT_NOSIGNAL, 1))  // timeouts without SIGALRM: workers are threads
        try check(ccurl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000)))
        try check(ccurl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(totalTimeout * 1000)))
        try check(ccurl_set_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list)))
        if pins != nil { try check(ccurl_set_pointer(handle, CURLOPT_RESOLVE, UnsafeMutableRawPointer(pins))) }
        try check(ccurl_set_sink(handle, CURLOPT_WRITEFUNCTION) { Sink.receiveBody($0, $1 * $2, $3) })
        try check(ccurl_set_pointer(handle, CURLOPT_WRITEDATA, context))
        try check(ccurl_set_sink(handle, CURLOPT_HEADERFUNCTION) { Sink.receiveHeader($0, $1 * $2, $3) })
        try check(ccurl_set_pointer(handle, CURLOPT_HEADERDATA, context))
        if !body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH" {
            try check(ccurl_set_long(handle, CURLOPT_POSTFIELDSIZE, body.count))
            if body.isEmpty {
                try check(ccurl_set_text(handle, CURLOPT_COPYPOSTFIELDS, ""))
            } else {
                try body.withUnsafeBytes { try check(ccurl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress))) }
            }
        }
        try withExtendedLifetime(sink) { try check(curl_easy_perform(handle)) }
        var status = 0
        try check(ccurl_response_code(handle, &status))
        return Response(status: status, headers: sink.headers, body: sink.body)
    }

    /// The one funnel for libcurl's result codes.
    private func check(_ code: CURLcode) throws {
        guard code != CURLE_OK else { return }
        throw OutboundHTTPError(code: code, detail: String(cString: curl_easy_strerror(code)))
    }

    /// Collects the answer; reached from libcurl's callbacks through an unretained pointer.
    private final class Sink {
        var body: [UInt8] = []
        var headers: [String: String] = [:]

        static func receiveBody(_ data: UnsafeMutablePointer<CChar>?, _ length: Int, _ context: UnsafeMutableRawPointer?) -> Int {
            guard let data, let context else { return length }
            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
            data.withMemoryRebound(to: UInt8.self, capacity: length) { sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
            return length
        }

        static func receiveHeader(_ data: UnsafeMutablePointer<CChar>?, _ length: Int, _ context: UnsafeMutableRawPointer?) -> Int {
            guard let data, let context else { return length }
            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
            let line = data.withMemoryRebound(to: UInt8.self, capacity: length) { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) }
            if line.hasPrefix("HTTP/") { sink.headers = [:] }  // a new response (after a 1xx) brings its own headers
            if let colon = line.firstIndex(of: ":") {
                sink.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return length
        }
    }
}

/// A request that got no answer: libcurl's code and message.
public struct OutboundHTTPError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case refused, timedOut, other }
    let code: CURLcode
    public let detail: String

    /// Refused (nothing listens), timed out (connect or total), or anything else.
    public var kind: Kind {
        switch code {
        case CURLE_COULDNT_CONNECT: return .refused
        case CURLE_OPERATION_TIMEDOUT: return .timedOut
        default: return .other
        }
    }

    public var description: String { "libcurl error \(code.rawValue): \(detail)" }
}
