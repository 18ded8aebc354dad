import Foundation

/// The text of a PDF as poppler's `pdftotext -layout` reads it (poppler-utils is a test dependency).
public func pdfText(_ pdf: some Collection<UInt8>) throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-text-\(UUID().uuidString).pdf")
    try Data(pdf).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process(), output = Pipe()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
    process.arguments = ["-layout", file.path, "-"]
    process.standardOutput = output
    try process.run()
    let text = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: text, as: UTF8.self)
}
