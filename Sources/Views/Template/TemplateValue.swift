/// What a template sees of a view model value: text, a flag, a number, a list, or an
/// object it can look into by name.
///
/// Hot view models answer lookups through ``TemplateObject`` with a `switch`, so rendering
/// them involves no reflection and no dynamic casts. Any other value is looked into through
/// `Mirror` (slower, fine for pages that are rarely requested).
public enum TemplateValue {
    case string(String)
    /// Markup rendered already (a page inside the layout), as UTF-8: copied as is by `{{{name}}}`.
    case markup([UInt8])
    case bool(Bool)
    case int(Int)
    case list([TemplateValue])
    case object(any TemplateObject)
    /// A value without a direct lookup, read through `Mirror`.
    case reflected(Any)

    /// The value behind `any`, unwrapping optionals and reading collections; nil for nil.
    public static func reflecting(_ any: Any) -> TemplateValue? {
        if let convertible = any as? any TemplateValueConvertible { return convertible.templateValue }
        let mirror = Mirror(reflecting: any)
        switch mirror.displayStyle {
        case .optional: return mirror.children.first.flatMap { reflecting($0.value) }
        case .collection, .set: return .list(mirror.children.compactMap { reflecting($0.value) })
        default: return .reflected(any)
        }
    }

    /// The child called `name`, or nil when there is none or it is nil.
    func child(named name: String) -> TemplateValue? {
        switch self {
        case .object(let object):
            return object.templateValue(named: name)
        case .reflected(let any):
            guard let child = Mirror(reflecting: any).children.first(where: { $0.label == name }) else { return nil }
            return Self.reflecting(child.value)
        case .string, .markup, .bool, .int, .list:
            return nil
        }
    }
}

/// A value that knows its template form without reflection.
public protocol TemplateValueConvertible {
    /// Nil means "absent": a section does not render and a lookup goes on down the context stack.
    var templateValue: TemplateValue? { get }
}

/// A view model that answers a template's name lookups itself.
public protocol TemplateObject: TemplateValueConvertible {
    /// The child called `name`, or nil when there is none or it is nil.
    func templateValue(named name: String) -> TemplateValue?
}

extension TemplateObject {
    public var templateValue: TemplateValue? { .object(self) }
}

extension String: TemplateValueConvertible {
    public var templateValue: TemplateValue? { .string(self) }
}

extension Bool: TemplateValueConvertible {
    public var templateValue: TemplateValue? { .bool(self) }
}

extension Int: TemplateValueConvertible {
    public var templateValue: TemplateValue? { .int(self) }
}

extension Optional: TemplateValueConvertible where Wrapped: TemplateValueConvertible {
    public var templateValue: TemplateValue? { self?.templateValue }
}

extension Array: TemplateValueConvertible where Element: TemplateValueConvertible {
    public var templateValue: TemplateValue? { .list(compactMap(\.templateValue)) }
}

extension Dictionary: TemplateValueConvertible, TemplateObject where Key == String, Value: TemplateValueConvertible {
    public func templateValue(named name: String) -> TemplateValue? { self[name]?.templateValue }
}
