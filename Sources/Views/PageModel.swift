/// A view model that knows its template and what the layout around it shows.
public protocol PageModel: Sendable {
    /// Template name relative to `templates/`, without extension.
    var template: String { get }
    /// Title, navigation and flash for the layout.
    var chrome: PageChrome { get }
}

/// What the shared layout shows around a page.
public struct PageChrome: Sendable {
    /// Shown in `<title>` after the product name.
    public var title: String
    /// A CSS class on `<body>` so a page can adjust the frame (e.g. `auth`).
    public var bodyClass: String

    public init(title: String, bodyClass: String = "") {
        self.title = title
        self.bodyClass = bodyClass
    }
}

/// The layout's own view model: the chrome plus the already-rendered page body.
struct LayoutModel {
    let chrome: PageChrome
    /// Rendered HTML of the page, inserted unescaped with `{{{body}}}`.
    let body: String
    let productName = "VPS Portal"
}
