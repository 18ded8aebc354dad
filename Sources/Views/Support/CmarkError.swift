import CCmark
import Foundation

/// The one error type for libcmark calls.
///
/// libcmark reports a failure only one way: a NULL result where it returns a string (it aborts
/// by itself when memory runs out, so in practice this is never thrown).
public struct CmarkError: Error, CustomStringConvertible, Sendable {
    /// The libcmark function that failed.
    public let operation: String

    public var description: String { "libcmark \(operation) returned no result" }

    /// The funnel every libcmark call that returns a string goes through: copies the
    /// NUL-terminated, `malloc`ed result at once and frees it; NULL is an error.
    static func take(_ result: UnsafeMutablePointer<CChar>?, _ operation: String) throws(CmarkError) -> [UInt8] {
        guard let result else { throw CmarkError(operation: operation) }
        defer { free(result) }
        let length = strlen(result)
        return result.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }
}
