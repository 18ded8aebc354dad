import Foundation
import TestSupport
@testable import Domain
import Testing

@testable import Views

/// Every view model that answers template lookups through a hand-written `switch`
/// (`TemplateObject`), with a sample whose every field is filled, and the template it renders
/// with on its own (nil for types that only appear inside another page).
///
/// `everyConformanceIsListed` reads `Sources/` and fails when a type conforms to
/// `TemplateObject` but is missing here, so a new direct lookup cannot escape the comparison.
private struct DirectLookupCase {
    let name: String
    let sample: any TemplateObject
    let template: String?

    init<Model: TemplateObject>(_ sample: Model, template: String? = nil) {
        name = String(reflecting: Model.self).replacingOccurrences(of: "Views.", with: "")
        self.sample = sample
        self.template = template
    }

    static var all: [DirectLookupCase] {
        let navigation = Navigation(name: "Ann Admin", email: "ann@example.com", isStaff: true, isAdmin: true, csrfToken: "csrf-1", currentPath: "/admin/servers")
        let option = SelectOption(value: "active", label: "Active", selected: true)
        let myRow = MyServersPage.Row(id: 7, hostname: "web1.example.com", status: "pending_provisioning", statusLabel: "pending provisioning",
                                      ipAddress: "100.64.0.1", specs: "2 vCPU · 4 GB", location: "Frankfurt", operatingSystem: "debian-12",
                                      since: "2026-11-21 10:00 UTC")
        var myServers = MyServersPage(Page(items: [], nextCursor: "7"))
        myServers.rows = [myRow]
        myServers.isEmpty = false
        let listRow = ServerListPage.Row(id: 8, hostname: "db1.example.com", ipAddress: "2001:db8::8", status: "active", customerID: 42,
                                         customerEmail: "bob@example.com", product: "VPS L", location: "Helsinki", created: "2026-11-20 09:00 UTC")
        let filters = ServerListPage.Filters(status: "active", customerID: "42", productID: "3", location: "Helsinki", search: "db1")
        var serverList = ServerListPage(servers: [], filters: filters, error: "customer_id: must be a number", nextHref: "/admin/servers?cursor=8")
        serverList.rows = [listRow]
        serverList.isEmpty = false
        serverList.statuses = [option, SelectOption(value: "failed", label: "Failed", selected: false)]
        let body = Array("<p id=\"page\">Body & <b>markup</b></p>".utf8)
        let meta = PageHead.Meta(name: "csrf-token", content: "csrf-meta-1")
        let head = PageHead(stylesheets: ["/static/swagger-ui/swagger-ui.css"], scripts: ["/static/js/try-api.js"], meta: [meta], refreshSeconds: 3, refreshURL: "https://checkout.example/c/1?a=1&b=2")
        return [
            DirectLookupCase(LayoutModel(title: "Servers <all>", bodyClass: "admin", head: head, navigation: navigation, body: body), template: "layout"),
            DirectLookupCase(head),
            DirectLookupCase(meta),
            DirectLookupCase(navigation),
            DirectLookupCase(navigation.links[2]),
            DirectLookupCase(myServers, template: "my/servers"),
            DirectLookupCase(myRow),
            DirectLookupCase(serverList, template: "admin/servers/list"),
            DirectLookupCase(listRow),
            DirectLookupCase(filters),
            DirectLookupCase(option),
        ]
    }

    /// Conformances that are not hand-written switches, and why they need no comparison.
    static let exempt: [String: String] = [
        "Dictionary": "looks up its own keys; there is no switch to drift from the fields",
    ]
}

@Suite("Direct template lookups answer exactly what reflection does")
struct DirectLookupParityTests {
    @Test("every TemplateObject conformance in Sources/ is listed in DirectLookupCase.all")
    func everyConformanceIsListed() throws {
        let declared = try Self.declaredConformances()
        let listed = Set(DirectLookupCase.all.map(\.name))
        let exempt = Set(DirectLookupCase.exempt.keys)
        for name in declared.subtracting(listed).subtracting(exempt).sorted() {
            Issue.record("""
                \(name) conforms to TemplateObject but is not in DirectLookupCase.all: add a sample with every field filled. \
                (Declare direct lookups as `extension Outer.Inner: TemplateObject`, as in Views/Support/DirectLookups.swift, \
                so the name found here is the type's full name.)
                """)
        }
        for name in listed.union(exempt).subtracting(declared).sorted() {
            Issue.record("\(name) is listed but no `extension \(name): TemplateObject` (or declaration) was found in Sources/")
        }
        #expect(declared.count >= 9, "the scan found only \(declared.sorted())")
    }

    @Test("every sample fills every field, each text different, so a lookup that is missing or swapped shows")
    func samplesAreFull() {
        for entry in DirectLookupCase.all {
            let empty = Self.emptyFields(in: entry.sample, path: entry.name)
            #expect(empty.isEmpty, "\(entry.name): empty fields \(empty)")
            let texts = Mirror(reflecting: entry.sample).children.compactMap { $0.value as? String }
            #expect(Set(texts).count == texts.count, "\(entry.name): fields share a value in \(texts)")
        }
    }

    @Test("every stored field looks up the same value directly as through Mirror, all the way down")
    func fieldsMatch() {
        for entry in DirectLookupCase.all {
            for child in Mirror(reflecting: entry.sample).children {
                guard let label = child.label else { continue }
                let direct = Self.dump(entry.sample.templateValue(named: label))
                let reflected = Self.dump(MirroredValue.of(child.value))
                #expect(direct == reflected, "\(entry.name).\(label): direct \(direct), reflection \(reflected)")
            }
        }
    }

    @Test("each page renders the same bytes through its switches as through Mirror")
    func pagesRenderTheSameBytes() throws {
        let renderer = try PageRenderer(templatesDirectory: TestEnvironment.repositoryRoot + "/templates")
        var rendered = 0
        for entry in DirectLookupCase.all {
            guard let template = entry.template else { continue }
            let direct = try #require(renderer.library.render(.object(entry.sample), template: template), "no template \(template)")
            let reflected = try #require(renderer.library.render(MirroredValue.of(entry.sample) ?? .list([]), template: template))
            let same = direct == reflected
            #expect(same, "\(entry.name) renders differently with template \(template): \(Self.firstDifference(direct, reflected))")
            rendered += 1
        }
        #expect(rendered == 3)
    }

    @Test("the comparison catches a field the switch forgets or misspells")
    func comparisonCatchesDrift() {
        struct Model {
            var name: String
            var ipAddress: String
        }
        struct Drifted: TemplateObject {
            let model: Model
            func templateValue(named name: String) -> TemplateValue? {
                switch name {
                case "name": return model.name.templateValue
                case "ipAdress": return model.ipAddress.templateValue
                default: return nil
                }
            }
        }
        let model = Model(name: "web1", ipAddress: "100.64.0.1")
        let reflected = Mirror(reflecting: model).children.map { Self.dump(MirroredValue.of($0.value)) }
        let direct = Mirror(reflecting: model).children.map { Self.dump(Drifted(model: model).templateValue(named: $0.label ?? "")) }
        #expect(direct[0] == reflected[0])
        #expect(direct[1] != reflected[1])
    }

    // MARK: - Helpers

    /// A canonical text of a template value: objects by the names of their stored fields, in order.
    static func dump(_ value: TemplateValue?) -> String {
        guard let value else { return "nil" }
        switch value {
        case .string(let text): return "string \(text.debugDescription)"
        case .markup(let bytes): return "markup \(String(decoding: bytes, as: UTF8.self).debugDescription)"
        case .bool(let flag): return "bool \(flag)"
        case .int(let number): return "int \(number)"
        case .list(let items): return "[" + items.map { dump($0) }.joined(separator: ", ") + "]"
        case .object(let object as MirroredObject):
            return "{" + object.names.map { "\($0): \(dump(object.templateValue(named: $0)))" }.joined(separator: ", ") + "}"
        case .object(let object):
            return "{" + MirroredValue.fields(of: object).map { "\($0.name): \(dump(object.templateValue(named: $0.name)))" }
                .joined(separator: ", ") + "}"
        case .reflected(let any):
            let fields = MirroredValue.fields(of: any)
            guard !fields.isEmpty else { return "reflected \(String(describing: any).debugDescription)" }
            return "{" + fields.map { "\($0.name): \(dump(value.child(named: $0.name)))" }.joined(separator: ", ") + "}"
        }
    }

    /// The text around the first byte where two renderings differ.
    static func firstDifference(_ direct: [UInt8], _ reflected: [UInt8]) -> String {
        let index = zip(direct, reflected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(direct.count, reflected.count)
        func around(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, index - 60)..<min(bytes.count, index + 60)], as: UTF8.self).debugDescription
        }
        return "at byte \(index): direct \(around(direct)), reflection \(around(reflected))"
    }

    /// Paths of fields that are nil, empty text or empty lists, searched through nested values.
    static func emptyFields(in value: Any, path: String) -> [String] {
        let mirror = Mirror(reflecting: value)
        switch value {
        case let text as String: return text.isEmpty ? [path] : []
        case let bytes as [UInt8]: return bytes.isEmpty ? [path] : []
        default: break
        }
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return [path] }
            return emptyFields(in: wrapped, path: path)
        case .collection, .set, .dictionary:
            guard !mirror.children.isEmpty else { return [path] }
            return mirror.children.enumerated().flatMap { emptyFields(in: $0.element.value, path: "\(path)[\($0.offset)]") }
        case .struct, .class, .tuple:
            return mirror.children.enumerated().flatMap { emptyFields(in: $0.element.value, path: "\(path).\($0.element.label ?? "\($0.offset)")") }
        default:
            return []
        }
    }

    /// Type names (as written, e.g. `ServerListPage.Row`) declared or extended with `: … TemplateObject` in Sources/.
    static func declaredConformances() throws -> Set<String> {
        let root = TestEnvironment.repositoryRoot + "/Sources"
        let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        let declaration = try Regex(#"\b(?:struct|class|enum|actor|extension|protocol)\s+([A-Za-z_][\w.]*)(?:<[^>{]*>)?\s*:([^{]*)\{"#)
        var names: Set<String> = []
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
                .map { line in line.range(of: "//").map { line[..<$0.lowerBound] } ?? line }
                .joined(separator: "\n")
            for match in text.matches(of: declaration) {
                guard let name = match.output[1].substring, let clause = match.output[2].substring else { continue }
                if clause.contains(try Regex(#"\bTemplateObject\b"#)) { names.insert(String(name)) }
            }
        }
        return names
    }
}

/// A view model read only through `Mirror`, as if no direct lookup existed: structs become
/// objects of their stored fields, `[UInt8]` is markup (as `LayoutModel.body` is), other leaves
/// are what `TemplateValue.reflecting` makes of them.
enum MirroredValue {
    static func of(_ any: Any) -> TemplateValue? {
        switch any {
        case let text as String: return .string(text)
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .int(number)
        case let bytes as [UInt8]: return .markup(bytes)
        default: break
        }
        let mirror = Mirror(reflecting: any)
        switch mirror.displayStyle {
        case .optional: return mirror.children.first.flatMap { of($0.value) }
        case .collection, .set: return .list(mirror.children.compactMap { of($0.value) })
        case .struct, .class, .dictionary: return .object(MirroredObject(fields: fields(of: any)))
        default: return .reflected(any)
        }
    }

    /// Stored fields by label (declaration order), or a dictionary's entries by key (sorted).
    static func fields(of any: Any) -> [(name: String, value: Any)] {
        let mirror = Mirror(reflecting: any)
        switch mirror.displayStyle {
        case .struct, .class:
            return mirror.children.compactMap { child in child.label.map { ($0, child.value) } }
        case .dictionary:
            return mirror.children.compactMap { entry -> (name: String, value: Any)? in
                let pair = Array(Mirror(reflecting: entry.value).children)
                guard pair.count == 2, let key = pair[0].value as? String else { return nil }
                return (key, pair[1].value)
            }.sorted { $0.name < $1.name }
        default:
            return []
        }
    }
}

/// An object whose lookups are its fields as Mirror saw them.
struct MirroredObject: TemplateObject {
    let names: [String]
    private let values: [String: TemplateValue]

    init(fields: [(name: String, value: Any)]) {
        names = fields.map(\.name)
        var values: [String: TemplateValue] = [:]
        for field in fields { values[field.name] = MirroredValue.of(field.value) }
        self.values = values
    }

    func templateValue(named name: String) -> TemplateValue? { values[name] }
}
