/// The one error type of the PostgreSQL wrapper.
///
/// Server errors carry the SQLSTATE and the server's message so callers can react
/// to specific conditions (a unique violation, a serialization failure) without
/// parsing text. `isConnectionFailure` tells whether the connection is gone.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, broadly.
    public enum Kind: Sendable, Equatable {
        /// The connection could not be made or was lost.
        case connection
        /// The server rejected a statement (see `sqlState`).
        case server
        /// A value could not be decoded into the requested Swift type.
        case decoding
        /// The wrapper was used wrongly (a missing column, a bad row index).
        case usage
    }

    public var kind: Kind
    /// Five-character SQLSTATE for server errors, e.g. `23505`.
    public var sqlState: String?
    /// The primary message (the server's, for server errors).
    public var message: String
    /// The server's DETAIL line, when it sent one.
    public var detail: String?
    /// The constraint named by the server, when it sent one.
    public var constraint: String?

    public init(
        kind: Kind, sqlState: String? = nil, message: String,
        detail: String? = nil, constraint: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
    }

    /// True when the connection itself failed (class 08, 57P01… or no server answer).
    public var isConnectionFailure: Bool {
        if kind == .connection { return true }
        guard let state = sqlState else { return false }
        return state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03"
    }

    public var description: String {
        var text = "PostgresError.\(kind)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let detail { text += " (\(detail))" }
        return text
    }
}

extension PostgresError {
    /// Well-known SQLSTATE codes the domain reacts to.
    public enum Code {
        public static let uniqueViolation = "23505"
        public static let foreignKeyViolation = "23503"
        public static let checkViolation = "23514"
        public static let notNullViolation = "23502"
        public static let serializationFailure = "40001"
        public static let deadlockDetected = "40P01"
        public static let lockNotAvailable = "55P03"
        public static let queryCanceled = "57014"
        /// A write reached a standby (a session that outlived a failover).
        public static let readOnlyTransaction = "25006"
    }

    /// True for a server error with the given SQLSTATE.
    public func hasCode(_ code: String) -> Bool { sqlState == code }
}
