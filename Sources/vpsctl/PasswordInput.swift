import Foundation

/// Reads a password from standard input: prompted without echo on a terminal,
/// else the first line of a pipe (`echo secret | vpsctl admin create …`).
enum PasswordInput {
    static func read(prompt: String = "Password: ") -> String? {
        if isatty(0) == 1, let typed = getpass(prompt) {
            return String(cString: typed)
        }
        guard let line = readLine(strippingNewline: true) else { return nil }
        return line
    }
}
