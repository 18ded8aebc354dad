import Foundation

/// Waits until `condition` returns a value, checking every 200 ms; nil after `timeout` seconds.
public func eventually<T>(timeout: Double = 30, _ condition: () async throws -> T?) async throws -> T? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if let value = try await condition() { return value }
        try await Task.sleep(nanoseconds: 200_000_000)
    }
    return nil
}
