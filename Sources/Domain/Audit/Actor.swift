/// Who did something: a signed-in user, the command line, or the system itself.
public struct Actor: Sendable, Equatable {
    public var userID: Int?
    public var label: String

    public init(userID: Int?, label: String) {
        self.userID = userID
        self.label = label
    }

    public init(_ user: User) {
        self.init(userID: user.id, label: user.email)
    }

    /// An operator at the server's shell (`vpsctl`).
    public static let commandLine = Actor(userID: nil, label: "cli")
    /// The portal itself (job runner, webhooks).
    public static let system = Actor(userID: nil, label: "system")
}
