@testable import Domain
import Foundation
import Testing

@testable import Handlers

private struct Inner: Encodable {
    var name: String
    var tags: [String]
    var note: String?
}

private struct Outer: Encodable {
    var id: Int
    var big: Int64
    var ratio: Double
    var whole: Double
    var flag: Bool
    var missing: Int?
    var when: Date
    var maybeWhen: Date?
    var inner: Inner
    var rows: [Inner]
    var empty: [Int]
    var free: JSONValue
    var nothing: Nothing
    var small: Small = .init()
    var someID: Int? = 7
    var someText: String? = "t"
    var someWhen: Date? = Date(timeIntervalSince1970: 0)

    /// Every standard scalar width: each must reach a concrete overload, not recurse.
    struct Small: Encodable {
        var i8: Int8 = -8, i16: Int16 = -16, i32: Int32 = -32, u: UInt = 1, u8: UInt8 = 8, u16: UInt16 = 16
        var u32: UInt32 = 32, u64: UInt64 = 64, float: Float = 2.5, wholeFloat: Float = 2, list: [Int16] = [1, 2]
        var optionalSmall: Int16? = 3
    }

    struct Nothing: Encodable {
        func encode(to encoder: Encoder) throws {}
    }
}

/// Writes through nested containers the way hand-written `encode(to:)` methods may.
private struct Nested: Encodable {
    enum Keys: String, CodingKey { case a, b, c, d }

    func encode(to encoder: Encoder) throws {
        var top = encoder.container(keyedBy: Keys.self)
        var a = top.nestedContainer(keyedBy: Keys.self, forKey: .a)
        try a.encode(1, forKey: .a)
        var list = a.nestedUnkeyedContainer(forKey: .b)
        try list.encode("x")
        var deep = list.nestedContainer(keyedBy: Keys.self)
        try deep.encodeNil(forKey: .c)
        try list.encode("y")
        try a.encode(true, forKey: .c)
        try top.encode("after", forKey: .b)
        try top.encodeIfPresent(nil as String?, forKey: .c)
        try top.encode([[1, 2], [3]], forKey: .d)
    }
}

/// Foundation's encoder with the answers' date format, as the reference.
private let foundationEncoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    return encoder
}()

private func bothWays(_ value: some Encodable) throws -> (ours: JSONValue?, foundation: JSONValue?, text: String) {
    let ours = String(decoding: try JSONStreamEncoder.encode(value), as: UTF8.self)
    let foundation = String(decoding: try foundationEncoder.encode(value), as: UTF8.self)
    return (JSONValue.parse(ours), JSONValue.parse(foundation), ours)
}

@Suite("Streaming JSON encoder")
struct JSONStreamEncoderTests {
    @Test("writes the same JSON as Foundation's encoder for scalars, optionals, dates, nesting and free JSON")
    func sameAsFoundation() throws {
        let inner = Inner(name: "quote \" backslash \\ slash / tab \t newline \n bell \u{7} Zürich ✓", tags: ["a", "b"], note: nil)
        let value = Outer(
            id: 42, big: -9_000_000_000, ratio: 0.1, whole: 3, flag: true, missing: nil, when: Date(timeIntervalSince1970: 1_795_225_242.75),
            maybeWhen: nil, inner: inner, rows: [inner, Inner(name: "", tags: [], note: "n")], empty: [],
            free: .object(["x": .array([.number(1.5), .number(2), .null, .bool(false), .string("s")])]), nothing: .init())
        let result = try bothWays(value)
        #expect(result.ours != nil, "not JSON: \(result.text)")
        #expect(result.ours == result.foundation)
        #expect(!result.text.contains("missing"), "synthesised encoding leaves nil out, as Foundation does")
        #expect(result.text.contains(#""when":"2026-11-21T01:40:42Z""#) || result.text.contains(#""when":"2026-11-21T01:40:42"#))
        #expect(result.text.contains("slash / tab \\t newline \\n bell \\u0007"))
        #expect(result.text.contains(#""nothing":{}"#))
        #expect(result.text.contains(#""someID":7,"someText":"t","someWhen":"1970-01-01T00:00:00Z""#))
        #expect(result.text.contains(#""i8":-8,"i16":-16,"i32":-32,"u":1,"u8":8,"u16":16,"u32":32,"u64":64,"float":2.5,"wholeFloat":2,"list":[1,2]"#))
    }

    @Test("nested containers close where their parent writes on")
    func nestedContainers() throws {
        let result = try bothWays(Nested())
        #expect(result.text == #"{"a":{"a":1,"b":["x",{"c":null},"y"],"c":true},"b":"after","d":[[1,2],[3]]}"#)
        #expect(result.ours == result.foundation)
    }

    @Test("top-level scalars, lists and a list response")
    func topLevel() throws {
        #expect(String(decoding: try JSONStreamEncoder.encode("a\"b"), as: UTF8.self) == #""a\"b""#)
        #expect(String(decoding: try JSONStreamEncoder.encode([1, 2]), as: UTF8.self) == "[1,2]")
        let list = ListBody(items: [Inner(name: "n", tags: [], note: "x")], nextCursor: nil)
        let result = try bothWays(list)
        #expect(result.ours == result.foundation)
        #expect(throws: EncodingError.self) { try JSONStreamEncoder.encode([Double.nan]) }
    }
}

/// A value that lets another encode into its encoder, then adds its own keys (as the token-created answer does).
private struct Flattened: Encodable {
    enum Keys: String, CodingKey { case token }

    func encode(to encoder: Encoder) throws {
        try Inner(name: "n", tags: ["t"], note: nil).encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode("secret", forKey: .token)
    }
}

@Suite("Streaming JSON encoder, shared encoders")
struct JSONStreamEncoderSharingTests {
    @Test("a second container for the same value continues the object, at the top and nested")
    func flattened() throws {
        let top = try bothWays(Flattened())
        #expect(top.text == #"{"name":"n","tags":["t"],"token":"secret"}"#)
        #expect(top.ours == top.foundation)
        let nested = try bothWays(["a": [Flattened(), Flattened()]])
        #expect(nested.ours != nil, "not JSON: \(nested.text)")
        #expect(nested.ours == nested.foundation)
    }
}

/// Every kind of field a `FieldWritable` model can list, present and absent.
private struct Listed: FieldWritable {
    enum Colour: String, Encodable { case red }
    var text = "a \"quoted\" \\ text\n", noText: String? = nil, someText: String? = "x", number = -3, noNumber: Int? = nil
    var someNumber: Int? = 4, flag = false, when = Date(timeIntervalSince1970: 1_795_225_242), noWhen: Date? = nil
    var list = ["1.2.3.4", "::1"], amount = Money(cents: 1999), noDay: CalendarDay? = nil, day: CalendarDay? = CalendarDay(year: 2026, month: 12, day: 1)
    var colour = Colour.red, noColour: Colour? = nil, nested = Inner(name: "n", tags: [], note: nil)

    func writeFields<Writer: FieldWriter>(to w: inout Writer) throws {
        try w.write("text", text); try w.write("no_text", noText); try w.write("some_text", someText); try w.write("number", number)
        try w.write("no_number", noNumber); try w.write("some_number", someNumber); try w.write("flag", flag); try w.write("when", when)
        try w.write("no_when", noWhen); try w.write("list", list); try w.write("amount", amount); try w.write("no_day", noDay)
        try w.write("day", day); try w.write("colour", colour); try w.write("no_colour", noColour); try w.write("nested", nested)
    }
}

@Suite("Models that list their fields once")
struct FieldWritableTests {
    @Test("the direct JSON writer and Codable through Foundation write the same object, nils as null, in the listed order")
    func directEqualsCodable() throws {
        let value = Listed()
        let result = try bothWays(value)
        #expect(result.ours != nil, "not JSON: \(result.text)")
        #expect(result.ours == result.foundation)
        #expect(result.text.hasPrefix(#"{"text":"a \"quoted\" \\ text\n","no_text":null,"some_text":"x","number":-3,"no_number":null,"#))
        #expect(result.text.contains(#""list":["1.2.3.4","::1"],"amount":"19.99","no_day":null,"day":"2026-12-01","colour":"red","no_colour":null,"#))
        #expect(result.text.hasSuffix(#""nested":{"name":"n","tags":[]}}"#))
        // In a list, each element is written directly too, and the list closes after them.
        let list = String(decoding: try JSONStreamEncoder.encode([value, value]), as: UTF8.self)
        #expect(JSONValue.parse(list) == JSONValue.parse("[\(result.text),\(result.text)]"))
    }
}
