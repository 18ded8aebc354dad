import ArgumentParser
import Domain
import FastCGI
import Handlers
import Foundation

/// Settings from the environment, else from the settings file: `VPS_ENV_FILE` when set (a
/// production host's `/etc/vps-portal/portal.env`), else `var/portal.env` of the checkout.
struct Configuration {
    var databaseURL: String
    var socketPath: String
    /// `VPS_FASTCGI_LISTEN`: FastCGI on TCP as well, for an nginx on another host (see ``FastCGIListenAddress``).
    var fastcgiListen: FastCGIListenAddress?
    /// `VPS_METRICS_ALLOW`: addresses and IPv4 networks that may read `/metrics` (default loopback).
    var metricsAllow: AddressAllowList
    var workers: Int
    var threads: Int
    var secretKeyFile: String?
    var modulesDirectory: String?
    var templatesDirectory: String
    var migrationsDirectory: String
    /// Seconds between the job runner's billing ticks (`VPS_BILLING_INTERVAL`, default 600; 0 turns them off).
    var billingInterval: Int
    /// `VPS_STATIC_DIR`, default `static/` beside the templates (CSS inlined into invoice PDFs, the OpenAPI document).
    var staticDirectory: String
    /// The invoice PDF renderer: `VPS_PDF_RENDERER` (headless Chromium's binary, default `/usr/bin/chromium`)
    /// killed after `VPS_PDF_TIMEOUT` seconds (default 60).
    var pdfEngine: HTMLToPDF
    /// `VPS_BASE_URL`: where the portal answers (`http://127.0.0.1:8080`); the demo gateway's
    /// notifications are POSTed there, through nginx. Unset: delivered in process.
    var baseURL: String?
    /// `VPS_MAIL_DIR`: where the `file` email transport writes `.eml` files (default `var/mail`).
    var mailDirectory: String
    /// `VPS_SMTP_CA_FILE`: a CA bundle the SMTP server's certificate is checked against instead of the system's.
    var smtpCAFile: String?

    /// Reads the environment over the settings file; throws naming what is missing.
    static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Configuration {
        let root = checkoutRoot()
        let varDirectory = environment["VPS_VAR"] ?? root + "/var"
        let settingsFile = environment["VPS_ENV_FILE"] ?? varDirectory + "/portal.env"
        var values: [String: String] = [:]
        do {
            values = try readEnvironmentFile(settingsFile)
        } catch where environment["VPS_ENV_FILE"] != nil {
            throw ValidationError("VPS_ENV_FILE names \(settingsFile), which cannot be read: \(error.localizedDescription)")
        } catch {}
        values.merge(environment.filter { $0.key.hasPrefix("VPS_") }) { _, fromEnvironment in fromEnvironment }
        // Payment gateways are looked up where no configuration travels (`GatewayDirectory.fromEnvironment`).
        if let modules = values["VPS_MODULES_DIR"], environment["VPS_MODULES_DIR"] == nil { setenv("VPS_MODULES_DIR", modules, 1) }
        guard let databaseURL = values["VPS_DATABASE_URL"], !databaseURL.isEmpty else {
            throw ValidationError("VPS_DATABASE_URL is not set (nor in \(settingsFile)); run `make start` first")
        }
        return Configuration(
            databaseURL: databaseURL,
            socketPath: values["VPS_SOCKET"] ?? varDirectory + "/run/vpsctl.sock",
            fastcgiListen: try values["VPS_FASTCGI_LISTEN"].flatMap { $0.isEmpty ? nil : $0 }.map { address in
                do { return try FastCGIListenAddress(address, allowPublic: values["VPS_FASTCGI_LISTEN_PUBLIC"] == "1") }
                catch let error as FastCGIListenAddress.Invalid { throw ValidationError(error.description) }
            },
            metricsAllow: values["VPS_METRICS_ALLOW"].map(AddressAllowList.init(parsing:)) ?? .loopback,
            workers: max(1, Int(values["VPS_WORKERS"] ?? "") ?? 2),
            threads: max(1, Int(values["VPS_THREADS"] ?? "") ?? 8),
            secretKeyFile: values["VPS_SECRET_KEY_FILE"],
            modulesDirectory: values["VPS_MODULES_DIR"],
            templatesDirectory: values["VPS_TEMPLATES_DIR"] ?? root + "/templates",
            migrationsDirectory: values["VPS_MIGRATIONS_DIR"] ?? root + "/db/migrations",
            billingInterval: max(0, Int(values["VPS_BILLING_INTERVAL"] ?? "") ?? 600),
            staticDirectory: values["VPS_STATIC_DIR"]
                ?? URL(fileURLWithPath: values["VPS_TEMPLATES_DIR"] ?? root + "/templates").deletingLastPathComponent().appendingPathComponent("static").path,
            pdfEngine: HTMLToPDF(path: values["VPS_PDF_RENDERER"] ?? "/usr/bin/chromium",
                                 timeoutSeconds: max(1, Double(values["VPS_PDF_TIMEOUT"] ?? "") ?? 60)),
            baseURL: values["VPS_BASE_URL"].flatMap { $0.isEmpty ? nil : $0.hasSuffix("/") ? String($0.dropLast()) : $0 },
            mailDirectory: values["VPS_MAIL_DIR"] ?? varDirectory + "/mail",
            smtpCAFile: values["VPS_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    /// The portal's stylesheet, inlined into invoice PDFs (empty when it cannot be read: the PDF is then plain).
    func stylesheet() -> String {
        (try? String(contentsOfFile: staticDirectory + "/css/portal.css", encoding: .utf8)) ?? ""
    }

    /// The sealing key from `VPS_SECRET_KEY_FILE`; a clear error when it is missing or wrong.
    func secretBox() throws -> SecretBox {
        guard let path = secretKeyFile, !path.isEmpty else {
            throw ValidationError("VPS_SECRET_KEY_FILE is not set; it names a file of 32 random bytes (make start creates var/secret.key)")
        }
        return try SecretBox(keyFile: path)
    }

    /// The checkout this binary was built in (`ROOT/.build/…/vpsctl`), else the current directory.
    static func checkoutRoot() -> String {
        let executable = ChildProcess.installedPath
        if let range = executable.range(of: "/.build/") {
            return String(executable[..<range.lowerBound])
        }
        return FileManager.default.currentDirectoryPath
    }

    /// Parses `KEY=VALUE` lines; `#` comments and blank lines are skipped, quotes stripped.
    static func readEnvironmentFile(_ path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].replacingOccurrences(of: "export ", with: "")
            var value = String(trimmed[trimmed.index(after: equals)...])
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[key.trimmingCharacters(in: .whitespaces)] = value
        }
        return values
    }
}

