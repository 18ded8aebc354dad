/// The one error type for libfcgi calls.
public struct FastCGIError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let code: Int32

    public var description: String { "libfcgi \(operation) failed with \(code)" }

    /// The funnel every libfcgi call goes through: negative results are errors.
    @discardableResult
    static func check(_ result: Int32, _ operation: String) throws -> Int32 {
        guard result >= 0 else { throw FastCGIError(operation: operation, code: result) }
        return result
    }
}
