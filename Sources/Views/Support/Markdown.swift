import CCmark

/// CommonMark to HTML through libcmark, in safe mode: raw HTML in the source is dropped
/// (an HTML comment stands in its place) and links or images with dangerous URLs
/// (`javascript:`, `vbscript:`, `file:`, most `data:`) lose their URL.
///
/// For text the portal's authors wrote (the OpenAPI document's descriptions). Render once,
/// when the text is loaded, and keep the ``HTMLMarkup``.
public enum Markdown {
    /// libcmark's options: `CMARK_OPT_SAFE` (the default since 0.29, named so it stays so)
    /// and `CMARK_OPT_VALIDATE_UTF8` (broken sequences become U+FFFD).
    static let options = CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8

    /// `source` as block HTML: paragraphs, lists, code blocks, each element on its own lines.
    public static func html(_ source: String) throws(CmarkError) -> HTMLMarkup {
        guard source.contains(where: { !$0.isWhitespace }) else { return .empty }
        var bytes = Array(source.utf8)
        let rendered = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_markdown_to_html($0.baseAddress, $0.count, options) }
        }
        return HTMLMarkup(rendered: try CmarkError.take(rendered, "cmark_markdown_to_html"))
    }

    /// `source` as phrasing content for a table cell or a line: when it is one paragraph, without
    /// the `<p>` around it; anything longer stays block HTML.
    public static func inlineHTML(_ source: String) throws(CmarkError) -> HTMLMarkup {
        let block = try html(source)
        let open = Array("<p>".utf8), close = Array("</p>\n".utf8)
        let bytes = block.bytes
        guard bytes.starts(with: open), bytes.count >= open.count + close.count, Array(bytes.suffix(close.count)) == close else {
            return block
        }
        let inner = Array(bytes[open.count..<(bytes.count - close.count)])
        // A second paragraph (or any other block) keeps its structure.
        guard !contains(inner, Array("<p>".utf8)), !contains(inner, Array("</p>".utf8)) else { return block }
        return HTMLMarkup(rendered: inner)
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
