/// Where an action came from, for the audit trail and the session log.
public struct RequestOrigin: Sendable, Equatable {
    public var address: String
    public var userAgent: String
    public var requestID: String

    public init(address: String, userAgent: String = "", requestID: String = "") {
        self.address = address
        self.userAgent = String(userAgent.prefix(300))
        self.requestID = requestID
    }

    /// Actions from `vpsctl` on the server itself.
    public static let commandLine = RequestOrigin(address: "local", userAgent: "vpsctl")
}
