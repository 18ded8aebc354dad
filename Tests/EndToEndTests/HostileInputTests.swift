@testable import Domain
import Foundation
import Postgres
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile input through nginx: every answer is a 4xx, or the text is stored and shown literally
/// (read back equal to what was sent; HTML pages show it escaped) — never a 5xx, never a dropped connection.
@Suite("Hostile input through nginx")
struct HostileInputTests {
    static let payloads = ["' OR 1=1 --", "\"; DROP TABLE users; --", "{{7*7}}", "<script>alert(1)</script>"]

    let client: HTTPClient
    let connection: PostgresConnection

    init() throws {
        client = try HTTPClient()
        connection = try TestEnvironment.connect()
    }

    // MARK: - helpers

    /// A browser session cookie for `user`, and its CSRF token.
    private func session(_ user: User) throws -> (headers: [String: String], csrf: String) {
        let token = try Sessions.start(on: connection, user: user, stage: .full, origin: .commandLine)
        let csrf = try #require(try Sessions.find(token: token, on: connection)).csrfToken
        return (["Cookie": "vps_session=\(token)"], csrf)
    }

    private static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    private static func form(_ fields: [(String, String)]) -> Data {
        Data(fields.map { "\($0.0)=\(encoded($0.1))" }.joined(separator: "&").utf8)
    }

    /// HTML with the usual entities turned back into text.
    static func unescaped(_ html: String) -> String {
        var text = html
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#34;", "\""), ("&#x22;", "\""), ("&#39;", "'"),
                                    ("&#x27;", "'"), ("&#x2F;", "/"), ("&#47;", "/"), ("&#x3D;", "="), ("&#61;", "="), ("&#x60;", "`"),
                                    ("&#96;", "`"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// A page that shows `payload`: not a 5xx, no live markup from it, and the text itself visible.
    private func expectShownLiterally(_ reply: HTTPClient.Reply, _ payload: String, _ what: String) {
        #expect(reply.status < 500, "\(what): \(reply.status)")
        #expect(!reply.text.contains("<script>alert(1)</script>"), "\(what): the script tag is in the page unescaped")
        #expect(Self.unescaped(reply.text).contains(payload), "\(what): \(payload) is not shown")
    }

    /// Checks an answer to hostile input: a 4xx, or success.
    private func expectNo5xx(_ reply: HTTPClient.Reply, _ what: String) {
        #expect(reply.status < 500, "\(what): \(reply.status) \(reply.text.prefix(300))")
    }

    private func product(_ staff: StaffActor) async throws -> Int {
        let created = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products", Fixtures.productBody(), headers: try staff.headers())
        return try #require(try created.json()["id"] as? Int)
    }

    // MARK: - stored text

    @Test("products: hostile text in every text field is stored as sent and shown escaped", arguments: payloads)
    func productText(payload: String) async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let browser = try session(staff.user)
        let fields = ["name", "description", "cpu_model", "datacenter_location", "region", "provider"]
        var body = Fixtures.productBody()
        for field in fields { body[field] = field == "name" ? "\(payload) \(UUID().uuidString.prefix(6))" : payload }
        let created = try await client.sendJSON("POST", "/api/v1/dedicated-servers/products", body, headers: try staff.headers())
        expectNo5xx(created, "POST product with \(payload)")
        guard created.status == 201 else { return }
        let id = try #require(try created.json()["id"] as? Int)
        let read = try await client.send("GET", "/api/v1/dedicated-servers/products/\(id)", headers: try staff.headers())
        for field in fields { #expect(try read.json()[field] as? String == body[field] as? String, "product \(field) read back") }
        expectShownLiterally(try await client.send("GET", "/admin/products/\(id)", headers: browser.headers), payload, "product page")
        expectShownLiterally(try await client.send("GET", "/admin/products?location=\(Self.encoded(payload))", headers: browser.headers), payload,
                             "product list filtered by the hostile location")
        // The page form: the same text in through the form, shown back escaped.
        var formFields = [("csrf_token", browser.csrf), ("name", "\(payload) form \(UUID().uuidString.prefix(6))"), ("server_type", "vps"),
                          ("cpu_cores", "2"), ("ram_gb", "4"), ("storage_gb", "50"), ("price_monthly", "10.00"), ("setup_fee", "0")]
        for field in ["description", "cpu_model", "datacenter_location", "region"] { formFields.append((field, payload)) }
        let posted = try await client.send("POST", "/admin/products", headers: browser.headers.merging(
            ["Content-Type": "application/x-www-form-urlencoded"]) { $1 }, body: Self.form(formFields))
        expectNo5xx(posted, "POST /admin/products with \(payload)")
        if posted.status == 303, let location = posted.header("Location") {
            expectShownLiterally(try await client.send("GET", location, headers: browser.headers), payload, "product made through the form")
        }
        #expect(try await client.send("GET", "/catalog", headers: browser.headers).status == 200)
    }

    @Test("customers: hostile name, company and phone are stored as sent or refused, and shown escaped", arguments: payloads)
    func customerText(payload: String) async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let browser = try session(staff.user)
        let body: [String: Any] = ["email": Fixtures.uniqueEmail("hostile"), "name": payload, "company": payload, "password": Fixtures.password]
        let created = try await client.sendJSON("POST", "/api/v1/customers", body, headers: try staff.headers())
        expectNo5xx(created, "POST customer with \(payload)")
        #expect(created.status == 201, "name and company are free text: \(created.text)")
        guard created.status == 201 else { return }
        let id = try #require(try created.json()["id"] as? Int)
        let read = try await client.send("GET", "/api/v1/customers/\(id)", headers: try staff.headers())
        #expect(try read.json()["name"] as? String == payload)
        #expect(try read.json()["company"] as? String == payload)
        let phone = try await client.sendJSON("PATCH", "/api/v1/customers/\(id)", ["phone": payload, "version": 1], headers: try staff.headers())
        expectNo5xx(phone, "PATCH customer phone \(payload)")
        expectShownLiterally(try await client.send("GET", "/admin/customers/\(id)", headers: browser.headers), payload, "customer page")
        expectShownLiterally(try await client.send("GET", "/admin/customers?search=\(Self.encoded(payload))", headers: browser.headers), payload,
                             "customer search")
    }

    @Test("orders: hostile notes are stored and shown escaped to staff and the customer; a hostile hostname is refused", arguments: payloads)
    func orderText(payload: String) async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let customer = try Fixtures.customerActor(on: connection)
        let productID = try await product(staff)
        let created = try await client.sendJSON("POST", "/api/v1/orders", [
            "items": [["product_id": productID, "billing_cycle": "monthly", "quantity": 1]], "notes": payload,
        ], headers: customer.headers)
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(try created.json()["id"] as? Int)
        #expect(try created.json()["notes"] as? String == payload)
        let read = try await client.send("GET", "/api/v1/orders/\(id)", headers: try staff.headers())
        #expect(try read.json()["notes"] as? String == payload)
        expectShownLiterally(try await client.send("GET", "/admin/orders/\(id)", headers: try session(staff.user).headers), payload, "order page")
        let hostname = try await client.sendJSON("POST", "/api/v1/orders", [
            "items": [["product_id": productID, "billing_cycle": "monthly", "quantity": 1, "hostname": payload, "operating_system": payload]],
        ], headers: customer.headers)
        #expect(hostname.status == 422, "a hostname like \(payload): \(hostname.status) \(hostname.text.prefix(200))")
        let edited = try await client.sendJSON("PATCH", "/api/v1/orders/\(id)", ["notes": payload + " edited", "version": 1],
                                               headers: try staff.headers(code: 0))
        expectNo5xx(edited, "PATCH order notes")
        #expect(try edited.json()["notes"] as? String == payload + " edited")
        // The customer's own order page.
        let mine = try await client.send("GET", "/my/orders/\(id)", headers: try session(customer.user).headers)
        #expect(mine.status == 200)
        #expect(!mine.text.contains("<script>alert(1)</script>"))
    }

    @Test("registration: a hostile name is stored as sent (JSON and the page) or refused", arguments: payloads)
    func registration(payload: String) async throws {
        let email = Fixtures.uniqueEmail("hostile-register")
        let reply = try await client.sendJSON("POST", "/api/v1/auth/register", ["email": email, "name": payload, "password": Fixtures.password])
        expectNo5xx(reply, "register \(payload)")
        if reply.status == 202 { #expect(try Users.find(email: email, on: connection)?.name == payload) }
        let pair = try SecureRandom.token()
        let page = try await client.send("POST", "/register", headers: ["Cookie": "vps_csrf=\(pair)", "Content-Type": "application/x-www-form-urlencoded"],
                                         body: Self.form([("csrf_token", pair), ("email", payload), ("name", payload), ("password", payload)]))
        #expect(page.status == 422, "a hostile email is refused on the page: \(page.status)")
        expectShownLiterally(page, payload, "registration form shown again")
        let second = Fixtures.uniqueEmail("hostile-register")
        let ok = try await client.send("POST", "/register", headers: ["Cookie": "vps_csrf=\(pair)", "Content-Type": "application/x-www-form-urlencoded"],
                                       body: Self.form([("csrf_token", pair), ("email", second), ("name", payload), ("password", Fixtures.password)]))
        expectNo5xx(ok, "page registration with a hostile name")
        if ok.status == 202 { #expect(try Users.find(email: second, on: connection)?.name == payload) }
    }

    @Test("servers: hostile edits are stored as sent or refused, and shown escaped", arguments: payloads)
    func serverEdits(payload: String) async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let customer = try Fixtures.customerActor(on: connection)
        let productID = try await product(staff)
        let server = try ServerActions.provision(customerID: customer.user.id, productID: productID, hostname: nil, operatingSystem: nil,
                                                 by: staff.user, on: connection, origin: .commandLine).server
        var version = server.version
        for field in ["notes", "operating_system", "os_version", "datacenter_location", "region", "control_panel_type", "suspension_reason",
                      "hostname", "ip_address", "control_panel_url", "ssh_port"] {
            let current = try await client.send("GET", "/api/v1/dedicated-servers/instances/\(server.id)", headers: try staff.headers())
            version = try current.json()["version"] as? Int ?? version
            let reply = try await client.sendJSON("PUT", "/api/v1/dedicated-servers/instances/\(server.id)", [field: payload, "version": version],
                                                  headers: try staff.headers())
            expectNo5xx(reply, "PUT server \(field)=\(payload)")
            if reply.status == 200 { #expect(try reply.json()[field] as? String == payload, "server \(field) read back") }
        }
        let page = try await client.send("GET", "/admin/servers/\(server.id)", headers: try session(staff.user).headers)
        expectShownLiterally(page, payload, "server page")
        let mine = try await client.send("GET", "/my/servers/\(server.id)", headers: try session(customer.user).headers)
        #expect(mine.status == 200)
        #expect(!mine.text.contains("<script>alert(1)</script>"))
    }

    // MARK: - filters and sort keys

    static let lists: [(path: String, parameters: [String], asStaff: Bool)] = [
        ("/api/v1/dedicated-servers/products", ["server_type", "is_active", "location", "datacenter_location", "sort", "limit", "cursor"], true),
        ("/api/v1/customers", ["search", "limit", "cursor"], true),
        ("/api/v1/orders", ["status", "customer_id", "from", "to", "limit", "cursor"], true),
        ("/api/v1/dedicated-servers/instances", ["status", "customer_id", "product_id", "location", "search", "limit", "cursor"], true),
        ("/api/v1/audit", ["target_type", "target_id", "limit", "cursor"], true),
        ("/api/v1/sessions/logs", ["event", "user_id", "limit", "cursor"], true),
        ("/api/v1/tokens", ["limit", "cursor"], true),
        ("/admin/products", ["server_type", "is_active", "location", "sort", "limit", "cursor"], true),
        ("/admin/customers", ["search", "limit", "cursor"], true),
        ("/admin/orders", ["status", "customer_id", "from", "to", "limit", "cursor"], true),
        ("/admin/servers", ["status", "customer_id", "product_id", "location", "search", "limit", "cursor"], true),
        ("/admin/audit", ["limit", "cursor"], true),
        ("/admin/sessions", ["limit", "cursor"], true),
        ("/admin/tasks", ["done", "failed"], true),
        ("/admin/orders/new", ["customer_id"], true),
        ("/my/orders", ["limit", "cursor"], false),
        ("/my/servers", ["limit", "cursor"], false),
        ("/api/v1/orders", ["status", "limit", "cursor"], false),
        ("/api/v1/dedicated-servers/products", ["server_type", "sort", "limit", "cursor"], false),
        ("/catalog", ["sort", "server_type"], false),
        ("/login", ["next", "email"], false),
    ]

    @Test("every filter and sort parameter of every list: hostile values give 200 or 4xx, and pages echo them escaped",
          arguments: payloads + ["%00", "%FF%FE", "-1", "99999999999999999999999", String(repeating: "x", count: 3000)])
    func filters(payload: String) async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let customer = try Fixtures.customerActor(on: connection)
        let staffPage = try session(staff.user).headers
        let customerPage = try session(customer.user).headers
        let value = payload.hasPrefix("%") ? payload : Self.encoded(payload)
        for list in Self.lists {
            let isAPI = list.path.hasPrefix("/api/")
            let headers = list.asStaff ? (isAPI ? try staff.headers() : staffPage) : (isAPI ? customer.headers : customerPage)
            for parameter in list.parameters {
                let reply = try await client.send("GET", "\(list.path)?\(parameter)=\(value)", headers: headers)
                #expect(reply.status < 500, "GET \(list.path)?\(parameter)=\(payload.prefix(40)): \(reply.status) \(reply.text.prefix(200))")
                if !isAPI {  // JSON carries stored text as it is; HTML must escape it
                    #expect(!reply.text.contains("<script>alert(1)</script>"), "GET \(list.path)?\(parameter): the script is in the page unescaped")
                }
            }
            // Duplicate parameters: the same key twice with different values.
            let first = list.parameters[0]
            let duplicate = try await client.send("GET", "\(list.path)?\(first)=\(value)&\(first)=1&\(first)=&limit=1&limit=500", headers: headers)
            #expect(duplicate.status < 500, "GET \(list.path) with duplicate \(first): \(duplicate.status)")
        }
    }

    // MARK: - bodies: encodings, sizes, types

    @Test("invalid UTF-8 and NUL in JSON and form bodies answer 4xx")
    func brokenBodies() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let customer = try Fixtures.customerActor(on: connection)
        let productID = try await product(staff)
        let browser = try session(customer.user)
        let orderJSON = #"{"items":[{"product_id":\#(productID),"billing_cycle":"monthly","quantity":1}],"notes":"NOTES"}"#
        let bodies: [(String, Data)] = [
            ("invalid UTF-8 in a JSON string", Data(orderJSON.replacingOccurrences(of: "NOTES", with: "a").utf8).replacing(Data("\"a\"".utf8), with: Data([0x22, 0xFF, 0xFE, 0x22]))),
            ("a JSON \\u0000 escape", Data(orderJSON.replacingOccurrences(of: "NOTES", with: "a\\u0000b").utf8)),
            ("a raw NUL byte in JSON", Data(orderJSON.replacingOccurrences(of: "NOTES", with: "a").utf8).replacing(Data("\"a\"".utf8), with: Data([0x22, 0x61, 0x00, 0x22]))),
            ("a lone surrogate escape", Data(orderJSON.replacingOccurrences(of: "NOTES", with: "\\ud800").utf8)),
        ]
        for (what, body) in bodies {
            let reply = try await client.send("POST", "/api/v1/orders", headers: customer.headers.merging(["Content-Type": "application/json"]) { $1 }, body: body)
            #expect((400..<500).contains(reply.status) || reply.status == 201, "\(what): \(reply.status) \(reply.text.prefix(200))")
            if reply.status == 201 {
                let notes = try reply.json()["notes"] as? String ?? ""
                #expect(!notes.contains("\u{0}"), "\(what) stored a NUL")
            }
        }
        let forms: [(String, Data)] = [
            ("invalid UTF-8 in a form", Data("name=".utf8) + Data([0xFF, 0xFE]) + Data("&csrf_token=\(browser.csrf)".utf8)),
            ("a NUL in a form", Data("name=a%00b&csrf_token=\(browser.csrf)".utf8)),
            ("a broken escape in a form", Data("name=%zz&csrf_token=\(browser.csrf)".utf8)),
        ]
        for (what, body) in forms {
            let reply = try await client.send("POST", "/account/profile", headers: browser.headers.merging(
                ["Content-Type": "application/x-www-form-urlencoded"]) { $1 }, body: body)
            #expect((400..<500).contains(reply.status) || reply.status == 303, "\(what): \(reply.status) \(reply.text.prefix(200))")
            if reply.status == 303 {
                #expect(!(try Users.find(id: customer.user.id, on: connection)?.name ?? "").contains("\u{0}"), "\(what) stored a NUL")
            }
        }
    }

    @Test("deeply nested JSON (10 000 levels) answers 400 or 422 and the worker survives")
    func nestedJSON() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        for (open, close) in [("[", "]"), (#"{"a":"#, "}")] {
            let body = Data((String(repeating: open, count: 10_000) + "1" + String(repeating: close, count: 10_000)).utf8)
            let reply = try await client.send("POST", "/api/v1/dedicated-servers/products",
                                              headers: try staff.headers(extra: ["Content-Type": "application/json"]), body: body)
            #expect([400, 413, 422].contains(reply.status), "nested \(open): \(reply.status) \(reply.text.prefix(200))")
        }
        #expect(try await client.send("GET", "/health").status == 200)
    }

    @Test("wrong content types answer 415 or 4xx")
    func wrongContentTypes() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let browser = try session(staff.user)
        let json = Data(#"{"name":"x"}"#.utf8)
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", ""] {
            let reply = try await client.send("POST", "/api/v1/customers", headers: try staff.headers(extra: ["Content-Type": type]), body: json)
            #expect((400..<500).contains(reply.status), "JSON route with \(type): \(reply.status)")
        }
        for type in ["application/json", "text/plain", "multipart/form-data; boundary=x"] {
            let reply = try await client.send("POST", "/admin/customers", headers: browser.headers.merging(
                ["Content-Type": type, "X-CSRF-Token": browser.csrf]) { $1 }, body: json)
            #expect((400..<500).contains(reply.status), "form route with \(type): \(reply.status)")
        }
    }

    // MARK: - raw requests (paths, sizes, Content-Length lies)

    /// Sends raw bytes to nginx; the status code of the first answer, or nil when the connection
    /// closed without one.
    static func raw(_ head: [UInt8], body: [UInt8] = [], closeWrite: Bool = false) throws -> Int? {
        let url = URLComponents(string: try TestEnvironment.baseURL())!
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(url.port ?? 80).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        for chunk in [head, body] where !chunk.isEmpty {
            var offset = 0
            while offset < chunk.count {
                let sent = chunk[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent <= 0 { break }  // nginx may answer and stop reading early; the answer still counts
                offset += sent
            }
        }
        if closeWrite { shutdown(fd, Int32(SHUT_WR)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.contains(0x0A) {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        let line = String(decoding: received.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return nil }
        return Int(parts[1])
    }

    static func head(_ method: String, _ target: [UInt8], _ headers: [String]) -> [UInt8] {
        Array("\(method) ".utf8) + target + Array(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".utf8)
            + Array(headers.map { $0 + "\r\n" }.joined().utf8) + Array("\r\n".utf8)
    }

    @Test("invalid UTF-8 and NUL in paths answer 4xx, never 5xx or a dropped connection")
    func brokenTargets() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let auth = "Authorization: Bearer \(staff.token)"
        let targets: [(String, [UInt8])] = [
            ("%00 in the path", Array("/api/v1/orders/%00".utf8)),
            ("%FF in the path", Array("/admin/products/%FF%FE".utf8)),
            ("a raw 0xFF byte in the path", Array("/api/v1/orders/".utf8) + [0xFF]),
            ("an id with a NUL", Array("/api/v1/dedicated-servers/products/1%00".utf8)),
            ("a huge id", Array("/api/v1/orders/99999999999999999999999999".utf8)),
            ("a negative id", Array("/api/v1/orders/-1".utf8)),
        ]
        for (what, target) in targets {
            let status = try Self.raw(Self.head("GET", target, [auth]))
            #expect(status != nil, "\(what): the connection closed without an answer")
            if let status { #expect((400..<500).contains(status), "\(what): \(status)") }
        }
    }

    @Test("invalid UTF-8 and NUL in query strings answer 4xx or 200 with nothing found")
    func brokenQueries() async throws {
        let staff = try Fixtures.staffActor(on: connection)
        let auth = "Authorization: Bearer \(staff.token)"
        let targets: [(String, [UInt8])] = [
            ("%00 in a query value", Array("/api/v1/customers?search=a%00b".utf8)),
            ("%FF in a query value", Array("/api/v1/customers?search=%FF%FE".utf8)),
            ("a raw 0xFF byte in the query", Array("/api/v1/customers?search=".utf8) + [0xFF, 0xFE]),
            ("%00 in a query key", Array("/api/v1/orders?st%00atus=paid".utf8)),
            ("%00 in a server search", Array("/api/v1/dedicated-servers/instances?search=%00".utf8)),
            ("%00 in a product location", Array("/api/v1/dedicated-servers/products?location=%00".utf8)),
        ]
        for (what, target) in targets {
            let status = try Self.raw(Self.head("GET", target, [auth]))
            #expect(status != nil, "\(what): the connection closed without an answer")
            if let status { #expect(status == 200 || (400..<500).contains(status), "\(what): \(status)") }
        }
    }

    @Test("a 10 MB body answers 413 from nginx")
    func hugeBody() throws {
        let size = 10 * 1024 * 1024
        for path in ["/api/v1/orders", "/login", "/admin/products"] {
            let status = try Self.raw(Self.head("POST", Array(path.utf8), ["Content-Type: application/json", "Content-Length: \(size)"]),
                                      body: [UInt8](repeating: 0x61, count: size))
            #expect(status == 413, "POST \(path) with 10 MB: \(String(describing: status))")
        }
    }

    @Test("Content-Length lies answer 4xx, never 5xx or a dropped connection")
    func contentLengthLies() async throws {
        let customer = try Fixtures.customerActor(on: connection)
        let auth = "Authorization: Bearer \(customer.token)"
        let body = Array(#"{"items":[]}"#.utf8)
        let cases: [(String, [String], [UInt8], Bool)] = [
            ("longer than the body, then EOF", ["Content-Type: application/json", "Content-Length: 500"], body, true),
            ("shorter than the body", ["Content-Type: application/json", "Content-Length: 5"], body, false),
            ("negative", ["Content-Type: application/json", "Content-Length: -5"], body, false),
            ("not a number", ["Content-Type: application/json", "Content-Length: abc"], body, false),
            ("twice, disagreeing", ["Content-Type: application/json", "Content-Length: 5", "Content-Length: 12"], body, false),
            ("with chunked transfer encoding", ["Content-Type: application/json", "Content-Length: 12", "Transfer-Encoding: chunked"],
             Array("5\r\n{\"ite\r\n0\r\n\r\n".utf8), false),
            ("zero with a body", ["Content-Type: application/json", "Content-Length: 0"], body, false),
        ]
        for (what, headers, payload, closeWrite) in cases {
            let status = try Self.raw(Self.head("POST", Array("/api/v1/orders".utf8), headers + [auth]), body: payload, closeWrite: closeWrite)
            // A client that announces more than it sends and then ends its side has abandoned the request:
            // nginx may close without an answer (there is nobody to answer); everything else must get one.
            if !closeWrite { #expect(status != nil, "Content-Length \(what): the connection closed without an answer") }
            if let status { #expect((400..<500).contains(status), "Content-Length \(what): \(status)") }
        }
        #expect(try await client.send("GET", "/health").status == 200, "the stack still serves after the lies")
    }
}
