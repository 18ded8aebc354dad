import CFastCGI
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
        while let entry = cursor?.pointee {
            let pair = String(cString: entry)
            cursor = cursor?.advanced(by: 1)
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = pair[..<equals], value = String(pair[pair.index(after: equals)...])
            switch name {
            case "REQUEST_METHOD": method = value
            case "REQUEST_URI": target = value
            case "REMOTE_ADDR": remote = value
            case "REQUEST_ID": requestID = value
            case "HTTPS": https = !value.isEmpty && value.lowercased() != "off"
            case "CONTENT_TYPE": headers["content-type"] = value
            case "CONTENT_LENGTH": contentLength = Int(value) ?? 0
            default:
                if name.hasPrefix("HTTP_") {
                    headers[ASCIIText.headerName(fromCGI: name.dropFirst(5))] = value
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
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: response.body)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = FCGX_PutStr(chars.baseAddress, Int32(chars.count), raw.pointee.out)
            }
        }
    }
}
