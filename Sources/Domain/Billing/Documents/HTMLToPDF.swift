import Foundation

/// Turns one self-contained HTML document into PDF bytes with headless Chromium (the browser the
/// browser tests already use; `VPS_PDF_RENDERER` names its binary). A renderer still running after
/// `timeoutSeconds` is killed with its whole process group. Each run gets its own temporary
/// directory — input, output and a fresh browser profile, so runs never share a profile lock — removed afterwards.
public struct HTMLToPDF: Sendable {
    /// The Chromium binary.
    public var path: String
    /// How long one render may take before it is killed.
    public var timeoutSeconds: Double

    public init(path: String = "/usr/bin/chromium", timeoutSeconds: Double = 60) {
        self.path = path
        self.timeoutSeconds = timeoutSeconds
    }

    /// The PDF of `html` (UTF-8); throws ``DocumentRenderError`` when the renderer fails, times out or writes no PDF.
    public func pdf(html: [UInt8]) throws -> [UInt8] {
        let files = FileManager.default
        let directory = files.temporaryDirectory.appendingPathComponent("vps-pdf-\(UUID().uuidString)")
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: directory) }
        let input = directory.appendingPathComponent("document.html"), output = directory.appendingPathComponent("document.pdf")
        try Data(html).write(to: input)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(directory.path)/profile",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-default-apps", "--disable-dev-shm-usage",
            // Nothing leaves the machine while rendering (the document's own CSP forbids loads too).
            "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--print-to-pdf=\(output.path)", input.absoluteString,
        ]
        var environment = ProcessInfo.processInfo.environment.filter { ExternalModuleEnvironment.isPassedOn($0.key) }
        environment["HOME"] = directory.path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DocumentRenderError("the PDF renderer \(path) could not be started: \(error.localizedDescription)")
        }
        guard ExternalModuleReaper.waitForExit(of: process, until: .now + .milliseconds(Int64(timeoutSeconds * 1000))) else {
            ExternalModuleReaper.stop(process)
            throw DocumentRenderError("the PDF renderer did not finish within \(ExternalModuleText.seconds(timeoutSeconds)); it was stopped")
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw DocumentRenderError("the PDF renderer failed (status \(process.terminationStatus))")
        }
        guard let bytes = try? [UInt8](Data(contentsOf: output)), bytes.starts(with: Array("%PDF-".utf8)) else {
            throw DocumentRenderError("the PDF renderer wrote no PDF")
        }
        return bytes
    }
}

/// A PDF could not be rendered (retried by the render queue with backoff).
public struct DocumentRenderError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
