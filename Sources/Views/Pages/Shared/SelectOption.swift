/// One `<option>` of a select: its value, its label and whether it is chosen.
public struct SelectOption: Sendable {
    public var value: String
    public var label: String
    public var isSelected: Bool

    public init(value: String, label: String? = nil, selected: Bool) {
        self.value = value
        self.label = label ?? value
        isSelected = selected
    }
}
