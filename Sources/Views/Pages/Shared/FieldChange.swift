/// One field of a stale edit where the stored value differs from what the user sent.
public struct FieldChange: Sendable {
    public var label: String
    public var current: String
    public var yours: String

    public init(label: String, current: String, yours: String) {
        self.label = label
        self.current = current.isEmpty ? "(empty)" : current
        self.yours = yours.isEmpty ? "(empty)" : yours
    }
}
