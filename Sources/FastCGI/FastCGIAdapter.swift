import CFastCGI
import Glibc
import Handlers

/// Converts between a libfcgi request and the plain `Request`/`Response` values.
///
/// Every string is copied out at once: `FCGX_GetParam` pointers die at `FCGX_Finish_r`.
enum FastCGIAdapter {
    /// Bodies larger than this are refused with 413 (nginx refuses earlier in production).
    static let maxBodyBytes = 1 << 20

    enum ReadResult {
        case request(Request)
        case tooLarge(Request)
    }

    static func read(_ raw: UnsafeMutablePointer<FCGX_Request>) -> ReadResult {
        var headers = HTTPHeaders()
        var method = "GET", target = "/", remote = "", requestID: String?, https = false
        var contentLength = 0
        var cursor = raw.pointee.envp
        // Names are compared as bytes and only the values used become strings (a page's request
        // carries about 30 parameters).
        while let entry = cursor?.pointee {
            cursor = cursor?.advanced(by: 1)
            guard let equals = strchr(entry, Int32(UInt8(ascii: "="))) else { continue }
            let name = UnsafeRawBufferPointer(start: entry, count: entry.distance(to: equals))
            func value() -> String { String(cString: equals + 1) }
            switch name.count {
            case 14 where name.elementsEqual("REQUEST_METHOD".utf8): method = value()
            case 11 where name.elementsEqual("REQUEST_URI".utf8): target = value()
            case 11 where name.elementsEqual("REMOTE_ADDR".utf8): remote = value()
            case 10 where name.elementsEqual("REQUEST_ID".utf8): requestID = value()
            case 5 where name.elementsEqual("HTTPS".utf8):
                let text = value()
                https = !text.isEmpty && text.lowercased() != "off"
            case 12 where name.elementsEqual("CONTENT_TYPE".utf8): headers["content-type"] = value()
            case 14 where name.elementsEqual("CONTENT_LENGTH".utf8): contentLength = Int(value()) ?? 0
            default:
                if name.count > 5 && name.starts(with: "HTTP_".utf8) {
                    headers[ASCIIText.headerName(fromCGI: UnsafeRawBufferPointer(rebasing: name.dropFirst(5)))] = value()
                }
            }
        }
        var request = Request(
            method: method, target: target, headers: headers, remoteAddress: remote,
            requestID: requestID ?? RequestID.make(), isHTTPS: https)
        guard contentLength <= maxBodyBytes else { return .tooLarge(request) }
        if contentLength > 0 {
            var body = [UInt8](repeating: 0, count: contentLength)
            let received = body.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    FCGX_GetStr(chars.baseAddress, Int32(contentLength), raw.pointee.in)
                }
            }
            body.removeLast(contentLength - max(0, Int(received)))
            request.body = body
        }
        return .request(request)
    }

    /// A header line may not carry CR or LF (no response splitting).
    private static func isSafe(_ text: String) -> Bool {
        !text.utf8.contains(13) && !text.utf8.contains(10)
    }

    static func write(_ response: Response, to raw: UnsafeMutablePointer<FCGX_Request>) {
        var head = "Status: \(response.status.code) \(response.status.reason)\r\n"
        for header in response.headers where isSafe(header.name) && isSafe(header.value) {
            head += "\(header.name): \(header.value)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\n\r\n"
        // Head and body straight into libfcgi's stream buffer (no joined copy of the body).
        head.withUTF8 { put($0, to: raw) }
        response.body.withUnsafeBufferPointer { put($0, to: raw) }
    }

    private static func put(_ bytes: UnsafeBufferPointer<UInt8>, to raw: UnsafeMutablePointer<FCGX_Request>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { _ = FCGX_PutStr($0, Int32(bytes.count), raw.pointee.out) }
    }
}
