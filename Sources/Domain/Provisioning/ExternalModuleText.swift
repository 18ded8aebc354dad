import Foundation

/// Making a module's words safe to show: printable, short, without secrets.
enum ExternalModuleText {
    /// `text` without control characters (tabs and line breaks become spaces).
    static func printable(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\t" || scalar == "\n" || scalar == "\r" {
                result.append(" ")
            } else if scalar.properties.generalCategory != .control && scalar.properties.generalCategory != .format {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// The first 200 printable characters of a module's stdout, secrets hidden.
    static func preview(of output: [UInt8], hiding secrets: [String]) -> String {
        var text = String(decoding: output, as: UTF8.self)
        if let json = try? JSONDecoder().decode(JSONValue.self, from: Data(output)) {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(redacted(json)) { text = String(decoding: data, as: UTF8.self) }
        }
        let clean = hiding(secrets, in: printable(text)).trimmingCharacters(in: .whitespaces)
        return clean.count > 200 ? String(clean.prefix(200)) + "…" : clean
    }

    /// `json` with the values of secret-looking keys replaced.
    static func redacted(_ json: JSONValue) -> JSONValue {
        switch json {
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, value) in members {
                let lower = key.lowercased()
                let secret = ["password", "passwd", "secret", "token", "private_key", "api_key"].contains { lower.contains($0) }
                result[key] = secret ? .string("[hidden]") : redacted(value)
            }
            return .object(result)
        case .array(let items):
            return .array(items.map(redacted))
        default:
            return json
        }
    }

    /// The secrets in a create answer, to keep them out of the log.
    static func secrets(in server: ServerDetails) -> [String] {
        [server.rootPassword, server.controlPanelPassword].compactMap { $0 }
    }

    /// `text` with every occurrence of the (non-trivial) secrets replaced.
    static func hiding(_ secrets: [String], in text: String) -> String {
        secrets.filter { $0.count >= 4 }.reduce(text) { $0.replacingOccurrences(of: $1, with: "[hidden]") }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// "30 s", "1.5 s".
    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? "\(Int(value)) s" : "\(value) s"
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS",
                                      SIGILL: "SIGILL", SIGFPE: "SIGFPE", SIGINT: "SIGINT", SIGHUP: "SIGHUP", SIGPIPE: "SIGPIPE"]
        return names[signal].map { " (\($0))" } ?? ""
    }
}
