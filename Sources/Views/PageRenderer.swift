import Foundation

/// Renders pages from the Mustache templates in `templates/`, each inside `layout`.
///
/// Templates are parsed once at start-up; rendering is then read-only and safe
/// from any thread. `{{name}}` escapes HTML; user text is only ever data here,
/// never compiled as a template.
public struct PageRenderer: Sendable {
    /// Internal so tests can render one template through direct lookups and through reflection.
    let library: TemplateLibrary

    /// Loads every `*.mustache` file below `directory`, named by relative path without extension.
    public init(templatesDirectory directory: String) throws {
        var library = TemplateLibrary()
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw ViewError.templatesMissing(root)
        }
        var count = 0
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".mustache") else { continue }
            let text = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
            do {
                try library.register(text, named: String(relative.dropLast(".mustache".count)))
            } catch {
                throw ViewError.badTemplate(relative, "\(error)")
            }
            count += 1
        }
        guard count > 0, library.contains("layout") else {
            throw ViewError.templatesMissing(root)
        }
        self.library = library
    }

    /// Renders `page` with the template it names, wrapped in the shared layout, as UTF-8.
    public func html(_ page: some PageModel, navigation: Navigation? = nil) throws -> [UInt8] {
        let model = TemplateValue.reflecting(page) ?? .reflected(page)
        guard let body = library.render(model, template: page.template) else {
            throw ViewError.unknownTemplate(page.template)
        }
        let layout = LayoutModel(title: page.title, bodyClass: page.bodyClass, head: page.head, navigation: navigation, body: body)
        guard let html = library.render(.object(layout), template: "layout", sizeHint: body.count + 4096) else {
            throw ViewError.unknownTemplate("layout")
        }
        return html
    }

    /// ``html(_:navigation:)`` as text.
    public func render(_ page: some PageModel, navigation: Navigation? = nil) throws -> String {
        String(decoding: try html(page, navigation: navigation), as: UTF8.self)
    }
}

/// Why a page could not be rendered.
public enum ViewError: Error, CustomStringConvertible {
    case templatesMissing(String)
    case badTemplate(String, String)
    case unknownTemplate(String)

    public var description: String {
        switch self {
        case .templatesMissing(let directory): return "no templates (with a layout) in \(directory)"
        case .badTemplate(let name, let reason): return "template \(name) does not parse: \(reason)"
        case .unknownTemplate(let name): return "no template named \(name)"
        }
    }
}
