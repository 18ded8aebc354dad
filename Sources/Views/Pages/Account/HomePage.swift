/// The start page after sign-in: staff see their tools, customers their account.
public struct HomePage: PageModel {
    public let template: String
    public let title: String
    public var name: String

    public static func staff(name: String) -> HomePage { HomePage(template: "admin/home", title: "Dashboard", name: name) }
    public static func customer(name: String) -> HomePage { HomePage(template: "my/home", title: "Overview", name: name) }
}
