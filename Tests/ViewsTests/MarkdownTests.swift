import Testing

@testable import Views

/// Markdown through libcmark in safe mode, as the `/docs` page uses it.
@Suite("Markdown (libcmark)")
struct MarkdownTests {
    private func html(_ source: String) throws -> String { try Markdown.html(source).html }
    private func inline(_ source: String) throws -> String { try Markdown.inlineHTML(source).html }

    @Test("code spans become <code>, their content escaped")
    func codeSpans() throws {
        #expect(try html("Send `Authorization: Bearer <token>` and `X-2FA-Code`.")
            == "<p>Send <code>Authorization: Bearer &lt;token&gt;</code> and <code>X-2FA-Code</code>.</p>\n")
    }

    @Test("paragraphs are separated by blank lines; a single newline stays inside the paragraph")
    func paragraphs() throws {
        #expect(try html("First line\nsame paragraph.\n\nSecond paragraph.") == "<p>First line\nsame paragraph.</p>\n<p>Second paragraph.</p>\n")
    }

    @Test("bulleted and numbered lists")
    func lists() throws {
        #expect(try html("Statuses:\n\n- `pending`\n- `paid`") == "<p>Statuses:</p>\n<ul>\n<li><code>pending</code></li>\n<li><code>paid</code></li>\n</ul>\n")
        #expect(try html("1. build\n2. migrate") == "<ol>\n<li>build</li>\n<li>migrate</li>\n</ol>\n")
    }

    @Test("links and emphasis")
    func links() throws {
        #expect(try html("See [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) and *the* **notes**.")
            == #"<p>See <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a> and <em>the</em> <strong>notes</strong>.</p>"# + "\n")
        #expect(try html("[jobs](/docs#tag-jobs)") == #"<p><a href="/docs#tag-jobs">jobs</a></p>"# + "\n")
    }

    @Test("raw HTML, block or inline, never passes through")
    func rawHTML() throws {
        let block = try html("<script>alert(1)</script>\n\n<div onclick=\"x()\">hi</div>")
        #expect(!block.contains("<script"))
        #expect(!block.contains("<div"))
        #expect(!block.contains("onclick"))
        #expect(block.contains("<!-- raw HTML omitted -->"))
        let inlineTags = try html(#"a <img src=x onerror="alert(1)"> b <b>bold</b> <a href="javascript:alert(2)">c</a>"#)
        #expect(!inlineTags.contains("<img"))
        #expect(!inlineTags.contains("<b>"))
        #expect(!inlineTags.contains("onerror"))
        #expect(!inlineTags.contains("javascript:"))
        // Text that only looks like a tag inside a code span is shown, escaped.
        #expect(try html("`<script>`") == "<p><code>&lt;script&gt;</code></p>\n")
    }

    @Test("javascript:, vbscript:, file: and data:text/html URLs lose their URL; the text stays")
    func dangerousURLs() throws {
        for url in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "file:///etc/passwd", "data:text/html;base64,PHNjcmlwdD4="] {
            let link = try html("[click](\(url))")
            #expect(link == #"<p><a href="">click</a></p>"# + "\n", "\(url) → \(link)")
            let image = try html("![pic](\(url))")
            #expect(image == #"<p><img src="" alt="pic" /></p>"# + "\n", "\(url) → \(image)")
        }
        #expect(try html("<javascript:alert(1)>") == #"<p><a href="">javascript:alert(1)</a></p>"# + "\n")
    }

    @Test("inline HTML drops the paragraph around one paragraph, keeps anything longer as blocks")
    func inlineVariant() throws {
        #expect(try inline("Pass as `cursor` for the next page.") == "Pass as <code>cursor</code> for the next page.")
        #expect(try inline("One.\n\nTwo.") == "<p>One.</p>\n<p>Two.</p>\n")
        #expect(try inline("- a\n- b") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
        #expect(try inline("x `<p>` y") == "x <code>&lt;p&gt;</code> y")
    }

    @Test("empty or blank text is empty markup, absent for a template section")
    func empty() throws {
        #expect(try Markdown.html("").isEmpty)
        #expect(try Markdown.html("  \n\n ").isEmpty)
        #expect(try Markdown.inlineHTML("").templateValue == nil)
        #expect(try Markdown.html("x").templateValue != nil)
    }

    @Test("NUL and other control bytes do not end or break the text")
    func controlBytes() throws {
        #expect(try html("a\u{0}b") == "<p>a\u{FFFD}b</p>\n")
    }

    @Test("in a template, {{{markup}}} inserts the HTML and {{markup}} still escapes it")
    func inTemplates() throws {
        var library = TemplateLibrary()
        try library.register("[{{{text}}}] [{{text}}] {{#none}}never{{/none}}", named: "main")
        let value: [String: HTMLMarkup] = ["text": try Markdown.inlineHTML("a `b`"), "none": .empty]
        let output = String(decoding: library.render(value.templateValue!, template: "main") ?? [], as: UTF8.self)
        #expect(output == "[a <code>b</code>] [a &lt;code&gt;b&lt;/code&gt;] ")
    }
}
