/// A view model that knows its template and its title.
public protocol PageModel: Sendable {
    /// Template name relative to `templates/`, without extension.
    var template: String { get }
    /// Shown in `<title>` before the product name.
    var title: String { get }
    /// A CSS class on `<body>` so a page can adjust the frame (e.g. `auth`).
    var bodyClass: String { get }
    /// What the page adds to the layout's `<head>` (most pages: nothing).
    var head: PageHead { get }
}

extension PageModel {
    public var bodyClass: String { "" }
    public var head: PageHead { .none }
}

/// What a page adds to the layout's `<head>`: stylesheets, scripts and named `<meta>` values.
///
/// Scripts are files served by nginx (the CSP allows no inline script), loaded with `defer`
/// in the order given; a script reads what the page tells it from the `<meta>` values.
public struct PageHead: Sendable {
    /// `<meta name="…" content="…">`.
    public struct Meta: Sendable {
        public var name: String
        public var content: String

        public init(name: String, content: String) {
            self.name = name
            self.content = content
        }
    }

    /// Stylesheet URLs, after the portal's own.
    public var stylesheets: [String]
    /// Script file URLs, loaded with `defer` in this order.
    public var scripts: [String]
    /// Values for those scripts.
    public var meta: [Meta]
    /// `<meta http-equiv="refresh">` after this many seconds (a page waiting for something, without script).
    public var refreshSeconds: Int?
    /// `<meta http-equiv="refresh" content="0; url=…">`: go on to another site at once. A form's
    /// 303 to another origin is blocked by the CSP's `form-action 'self'`; this navigation is not.
    public var refreshURL: String?

    public init(stylesheets: [String] = [], scripts: [String] = [], meta: [Meta] = [], refreshSeconds: Int? = nil, refreshURL: String? = nil) {
        self.stylesheets = stylesheets
        self.scripts = scripts
        self.meta = meta
        self.refreshSeconds = refreshSeconds
        self.refreshURL = refreshURL
    }

    /// Nothing added.
    public static let none = PageHead()

    /// True when the page adds nothing.
    public var isEmpty: Bool { stylesheets.isEmpty && scripts.isEmpty && meta.isEmpty && refreshSeconds == nil && refreshURL == nil }
}

/// The signed-in user's navigation in the layout.
public struct Navigation: Sendable {
    public struct Link: Sendable {
        public var label: String
        public var href: String
        public var isCurrent: Bool
    }

    public var userName: String
    public var userEmail: String
    public var roleLabel: String
    /// For the sign-out form.
    public var csrfToken: String
    public var links: [Link]

    /// Links by role; `currentPath` marks the current one.
    public init(name: String, email: String, isStaff: Bool, isAdmin: Bool, csrfToken: String, currentPath: String) {
        userName = name.isEmpty ? email : name
        userEmail = email
        roleLabel = isAdmin ? "Admin" : (isStaff ? "Staff" : "Customer")
        self.csrfToken = csrfToken
        let entries: [(String, String)] = isStaff
            ? [("Dashboard", "/admin"), ("Orders", "/admin/orders"), ("Invoices", "/admin/invoices"), ("Payments", "/admin/payments"), ("Servers", "/admin/servers"), ("Reports", "/admin/reports"), ("Tasks", "/admin/tasks"),
               ("Outbox", "/admin/outbox"), ("Products", "/admin/products"), ("Customers", "/admin/customers"),
               ("Staff", "/admin/staff"), ("Audit log", "/admin/audit"), ("Session log", "/admin/sessions"),
               ("Webhooks", "/admin/webhooks")]
                + (isAdmin ? [("Billing settings", "/admin/settings/billing"), ("Payment settings", "/admin/settings/payments"),
                               ("Notification settings", "/admin/settings/notifications")] : []) + [("Account", "/account")]
            : [("Overview", "/my"), ("My servers", "/my/servers"), ("My orders", "/my/orders"), ("My invoices", "/my/invoices"), ("Catalog", "/catalog"), ("Account", "/my/account")]
        links = entries.map { label, href in
            let current = currentPath == href || (href != "/admin" && href != "/my" && currentPath.hasPrefix(href + "/"))
            return Link(label: label, href: href, isCurrent: current)
        }
    }
}

/// The layout's own view model: chrome plus the already-rendered page body.
struct LayoutModel {
    let title: String
    let bodyClass: String
    let head: PageHead
    let navigation: Navigation?
    /// Rendered HTML of the page as UTF-8, inserted unescaped with `{{{body}}}`.
    let body: [UInt8]
    let productName = "VPS Portal"
}
