import Domain

/// The start page after sign-in: staff see their tools, customers their account (and what they owe).
public struct HomePage: PageModel {
    public let template: String
    public let title: String
    public var name: String
    /// "You have N unpaid invoices, X due", when the customer has any.
    var dueBanner: String?

    public static func staff(name: String) -> HomePage { HomePage(template: "admin/home", title: "Dashboard", name: name) }

    public static func customer(name: String, due: AmountDue) -> HomePage {
        var page = HomePage(template: "my/home", title: "Overview", name: name)
        if due.unpaidInvoices > 0 {
            let amounts = due.amounts.map { "\($0.amount) \($0.currency)" }.joined(separator: " + ")
            page.dueBanner = "You have \(due.unpaidInvoices) unpaid invoice\(due.unpaidInvoices == 1 ? "" : "s"), \(amounts) due."
        }
        return page
    }
}
