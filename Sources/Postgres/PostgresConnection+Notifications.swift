import CPostgreSQL
import Foundation

extension PostgresConnection {
    /// Starts listening on `channel` (lower-case letters, digits and `_` only: it is an identifier).
    public func listen(_ channel: String) throws {
        guard !channel.isEmpty, channel.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw PostgresError(kind: .usage, message: "bad channel name \(channel)")
        }
        try query("LISTEN \(unescaped: channel)")
    }

    /// Waits up to `timeout` seconds for notifications; returns the channels that fired
    /// (empty on timeout). Throws when the connection is lost.
    public func waitForNotifications(timeout: Double) throws -> [String] {
        guard let handle = rawHandle else { throw PostgresError(kind: .connection, message: "not connected") }
        var channels = drainNotifications(handle)
        if !channels.isEmpty { return channels }
        var poller = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(timeout * 1000))
        if ready > 0 {
            guard PQconsumeInput(handle) == 1 else {
                throw PostgresError(kind: .connection, message: PostgresConnection.errorMessage(handle))
            }
            channels = drainNotifications(handle)
        }
        if PQstatus(handle) != CONNECTION_OK { throw PostgresError(kind: .connection, message: "connection lost") }
        return channels
    }

    private func drainNotifications(_ handle: OpaquePointer) -> [String] {
        var channels: [String] = []
        while let notification = PQnotifies(handle) {
            channels.append(String(cString: notification.pointee.relname))
            PQfreemem(notification)
        }
        return channels
    }
}
