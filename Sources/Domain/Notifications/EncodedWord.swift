import Foundation

/// RFC 2047 encoded words (`=?UTF-8?B?…?=`) for header text that is not plain ASCII, split on
/// character boundaries so that no word is longer than 75 characters; control characters become
/// spaces first, so the result never holds CR or LF.
public enum EncodedWord {
    /// `text` as it is when plain printable ASCII, else as encoded words joined by folding whitespace.
    public static func encode(_ text: String) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        if clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return clean }
        // 75 - len("=?UTF-8?B?") - len("?=") = 63 base64 characters: 45 bytes (a multiple of 3) per word.
        var words: [String] = [], chunk: [UInt8] = []
        for character in clean {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }
}
