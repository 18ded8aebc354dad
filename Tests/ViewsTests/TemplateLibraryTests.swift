import Testing

@testable import Views

/// A plain struct: read through reflection.
private struct Plain {
    var name: String
    var note: String?
    var tags: [String]
    var count: Int
}

/// The same fields answered directly.
private struct Direct: TemplateObject {
    var name: String
    var note: String?
    var tags: [String]
    var count: Int

    func templateValue(named key: String) -> TemplateValue? {
        switch key {
        case "name": return name.templateValue
        case "note": return note.templateValue
        case "tags": return tags.templateValue
        case "count": return count.templateValue
        default: return nil
        }
    }
}

private func render(_ template: String, _ value: TemplateValue?, partials: [String: String] = [:]) throws -> String {
    var library = TemplateLibrary()
    try library.register(template, named: "main")
    for (name, text) in partials { try library.register(text, named: name) }
    return String(decoding: library.render(value ?? .list([]), template: "main") ?? [], as: UTF8.self)
}

@Suite("Template engine")
struct TemplateLibraryTests {
    @Test("variables escape the five HTML characters and keep other UTF-8 intact; triple and & do not escape")
    func escaping() throws {
        let value = ["text": #"Zürich <b>"x" & 'y'</b> ✓"#]
        #expect(try render("{{text}}", value.templateValue) == "Zürich &lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt; ✓")
        #expect(try render("{{{text}}}|{{& text}}", value.templateValue) == #"Zürich <b>"x" & 'y'</b> ✓|Zürich <b>"x" & 'y'</b> ✓"#)
        #expect(try render("{{text}}", ["text": "{{7*7}}"].templateValue) == "{{7*7}}")
    }

    @Test("sections: flags, lists with the outer names still visible, objects, and inverted sections")
    func sections() throws {
        let model = Direct(name: "outer", note: nil, tags: ["a", "b"], count: 0)
        #expect(try render("{{#tags}}[{{.}}:{{name}}]{{/tags}}", model.templateValue) == "[a:outer][b:outer]")
        #expect(try render("{{^tags}}none{{/tags}}{{^note}}no note{{/note}}", model.templateValue) == "no note")
        #expect(try render("{{#count}}zero is a value{{/count}}", model.templateValue) == "zero is a value")
        let flags: [String: Bool] = ["on": true, "off": false]
        #expect(try render("{{#on}}1{{/on}}{{#off}}2{{/off}}{{^off}}3{{/off}}{{^missing}}4{{/missing}}", flags.templateValue) == "134")
        let nested = ["inner": Direct(name: "inner", note: "n", tags: [], count: 2)]
        #expect(try render("{{#inner}}{{name}} {{note}} {{count}}{{^tags}} empty{{/tags}}{{/inner}}|{{inner.name}}", nested.templateValue)
            == "inner n 2 empty|inner")
    }

    @Test("a nil field falls through to the same name further down the stack")
    func nilFallsThrough() throws {
        var library = TemplateLibrary()
        try library.register("{{#rows}}{{note}};{{/rows}}", named: "main")
        struct Page: TemplateObject {
            let rows: [Direct]
            func templateValue(named name: String) -> TemplateValue? {
                switch name {
                case "rows": return rows.templateValue
                case "note": return "page note".templateValue
                default: return nil
                }
            }
        }
        let page = Page(rows: [Direct(name: "", note: nil, tags: [], count: 0), Direct(name: "", note: "own", tags: [], count: 0)])
        #expect(String(decoding: library.render(.object(page), template: "main")!, as: UTF8.self) == "page note;own;")
    }

    @Test("reflection renders a plain struct exactly as a direct lookup does")
    func reflectionMatchesDirect() throws {
        let template = "{{name}}|{{note}}|{{#note}}has note{{/note}}{{^note}}no note{{/note}}|{{#tags}}<{{.}}>{{/tags}}|{{count}}"
        for note in [nil, "n<1>"] as [String?] {
            let plain = TemplateValue.reflecting(Plain(name: "x & y", note: note, tags: ["t1", "t2"], count: 3))
            let direct = Direct(name: "x & y", note: note, tags: ["t1", "t2"], count: 3).templateValue
            #expect(try render(template, plain) == render(template, direct))
        }
        #expect(try render(template, TemplateValue.reflecting(Plain(name: "a", note: nil, tags: [], count: 0))) == "a||no note||0")
    }

    @Test("a section, comment or partial tag alone on its line leaves no line behind; inline tags keep their spaces")
    func standaloneLines() throws {
        let template = "<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n  {{! a comment }}\n</ul>\n<p> {{#on}}yes{{/on}} </p>\n"
        let value = ["items": ["a", "b"]].templateValue
        #expect(try render(template, value) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n<p>  </p>\n")
    }

    @Test("partials render with the current context and keep their line's leading whitespace")
    func partials() throws {
        let value = ["rows": ["x", "y"]].templateValue
        let html = try render("<div>\n  {{>row}}\n</div>\n{{#rows}}{{>row}}{{/rows}}", value, partials: ["row": "<p>{{.}}</p>\n"])
        #expect(html.hasPrefix("<div>\n  <p>"))
        #expect(html.hasSuffix("</div>\n<p>x</p>\n<p>y</p>\n"))
    }

    @Test("templates that do not parse are refused with their line", arguments: [
        ("a\n{{#open}}\nnever closed", 2), ("{{#a}}{{/b}}", 1), ("ok\n{{=<% %>=}}", 2), ("{{name", 1), ("{{<layout}}{{/layout}}", 1),
        ("{{upper(name)}}", 1), ("{{/stray}}", 1),
    ])
    func parseErrors(template: String, line: Int) {
        var library = TemplateLibrary()
        #expect { try library.register(template, named: "bad") } throws: { error in
            (error as? TemplateError)?.line == line
        }
    }
}
