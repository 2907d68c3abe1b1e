import Testing

@testable import RTLSCore

@Suite struct JSONTapeTests {
    static func parse(_ text: String) throws(DecodeError) -> JSONTape {
        var tape = JSONTape()
        try tape.parse(Array(text.utf8))
        return tape
    }

    static func code(_ bytes: [UInt8]) -> String {
        var tape = JSONTape()
        do {
            try tape.parse(bytes)
            return "ok"
        } catch {
            return error.code.description
        }
    }

    static let valid: [String] = [
        "{}", "[]", " \t\r\n{ } ", "0", "-0", "1.5e-3", "-12.25E+2", "true", "false", "null", "\"\"",
        "{\"a\":[1,{\"b\":null}],\"c\":\"\\u00e9\\n\\\"\"}", "[[[[]]]]", "\"\\ud83d\\ude00\"", "\"é😀\"",
    ]

    @Test(arguments: valid)
    func acceptsValidJSON(_ text: String) {
        #expect(Self.code(Array(text.utf8)) == "ok")
    }

    static let malformed: [(String, String)] = [
        ("", "not_json"), ("   ", "not_json"), ("{", "not_json"), ("{\"a\"", "not_json"), ("{\"a\":", "not_json"),
        ("{\"a\":1", "not_json"), ("[1,", "not_json"), ("[1,]", "not_json"), ("{\"a\":1,}", "not_json"),
        ("{a:1}", "not_json"), ("{'a':1}", "not_json"), ("[1 2]", "not_json"), ("{} {}", "not_json"),
        ("[1]x", "not_json"), ("NaN", "not_json"), ("[Infinity]", "not_json"), ("[-Infinity]", "not_json"),
        ("01", "not_json"), ("1.", "not_json"), (".5", "not_json"), ("1e", "not_json"), ("-", "not_json"),
        ("+1", "not_json"), ("tru", "not_json"), ("nul", "not_json"), ("falsy", "not_json"),
        ("\"abc", "not_json"), ("\"\\x\"", "not_json"), ("\"\\u12G4\"", "not_json"), ("\"a\tb\"", "not_json"),
        ("\"\\ud83d\"", "invalid_utf8"), ("\"\\ude00\"", "invalid_utf8"), ("[1}", "not_json"), ("{]", "not_json"),
        ("// c\n{}", "not_json"),
    ]

    @Test(arguments: malformed)
    func rejectsMalformedJSON(_ text: String, _ code: String) {
        #expect(Self.code(Array(text.utf8)) == code)
    }

    static let badUTF8: [[UInt8]] = [
        [0x22, 0xC3, 0x28, 0x22],  // bad continuation
        [0x22, 0xC0, 0xAF, 0x22],  // overlong
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        [0x22, 0xFF, 0x22],
        [0x22, 0x80, 0x22],  // lone continuation
    ]

    @Test(arguments: badUTF8)
    func rejectsInvalidUTF8(_ bytes: [UInt8]) {
        #expect(Self.code(bytes) == "invalid_utf8")
    }

    @Test func depthLimit() {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(Self.code(Array(ok.utf8)) == "ok")
        #expect(Self.code(Array(deep.utf8)) == "too_deep")
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        #expect(Self.code(Array(hostile.utf8)) == "too_deep")
    }

    /// Payloads with more tokens than a quarter of their bytes take the tape's second pass: unclosed
    /// brackets (a fuzz finding: `[` × 44 then `{"` trapped the first version), dense arrays, and every
    /// prefix of them, so the room check is exercised at each position.
    @Test func tokenDensePayloadsParse() throws {
        let unclosed = String(repeating: "[", count: 44) + "{\""
        #expect(Self.code(Array(unclosed.utf8)) == "not_json")
        let dense = "[" + Array(repeating: "0", count: 500).joined(separator: ",") + "]"
        var tape = JSONTape()
        try tape.parse(Array(dense.utf8))
        #expect(tape.elements(of: tape.root).reduce(0) { n, _ in n + 1 } == 500)
        let nested = "[" + String(repeating: "[],", count: 60) + "[]]"
        for text in [dense, nested, String(repeating: "[", count: 64) + String(repeating: "]", count: 64)] {
            let bytes = Array(text.utf8)
            for end in 0...bytes.count {
                _ = Self.code(Array(bytes[..<end]))  // must not trap
            }
            #expect(Self.code(bytes) == "ok")
        }
    }

    @Test func tenMegabytePayloadParsesInOnePass() throws {
        var bytes: [UInt8] = Array("[".utf8)
        let item = Array("{\"ts\":1795435198,\"tag\":\"t1\",\"rssi\":-70.5},".utf8)
        while bytes.count < 10_000_000 { bytes.append(contentsOf: item) }
        bytes.removeLast()
        bytes.append(UInt8(ascii: "]"))
        var tape = JSONTape()
        try tape.parse(bytes)
        #expect(tape.elements(of: tape.root).reduce(0) { n, _ in n + 1 } == (bytes.count - 1) / item.count)
    }

    @Test func navigation() throws {
        let tape = try Self.parse(#"{"a": [1, 2, {"x": true}], "b": {"c": "d"}, "e": null, "a2": -7}"#)
        let root = tape.root
        let a = try #require(tape.field("a", in: root))
        #expect(tape.kind(a) == .array)
        let elements = Array(tape.elements(of: a))
        #expect(elements.count == 3)
        #expect(try tape.int(elements[1]) == 2)
        #expect(try tape.bool("x", in: elements[2]) == true)
        let b = try #require(tape.field("b", in: root))
        #expect(try tape.string("c", in: b) == ("d" as InlineString<8>))
        #expect(tape.field("e", in: root).map(tape.isNull) == true)
        #expect(try tape.int("e", in: root) == nil)
        #expect(try tape.int("missing", in: root) == nil)
        #expect(try tape.int("a2", in: root) == -7)
        #expect(Array(tape.members(of: root)).count == 4)
    }

    static let wrongTypes: [(String, String)] = [
        (#"{"k": "12"}"#, "wrong_type at k"), (#"{"k": 1.5}"#, "wrong_type at k"), (#"{"k": true}"#, "wrong_type at k"),
        (#"{"k": {}}"#, "wrong_type at k"), (#"{"k": 99999999999999999999}"#, "out_of_range at k"),
    ]

    @Test(arguments: wrongTypes)
    func intGetterNamesTheField(_ text: String, _ expected: String) throws {
        let tape = try Self.parse(text)
        #expect(throws: DecodeError.self) { try tape.int("k", in: tape.root) }
        do {
            _ = try tape.int("k", in: tape.root)
        } catch {
            #expect("\(error.code) at \(error.field)" == expected)
        }
    }

    static let doubles: [(String, Double)] = [
        ("0", 0), ("-0.0", -0.0), ("1.5", 1.5), ("-61.25", -61.25), ("47.376887", 47.376887), ("8.541694", 8.541694),
        ("1e3", 1000), ("2.5E-3", 0.0025), ("123456789012345678901234", 123456789012345678901234.0),
        ("0.1", 0.1), ("3.141592653589793238462643", 3.141592653589793), ("1e-300", 1e-300),
        ("9007199254740993", 9007199254740992), ("1795435198.123456", 1795435198.123456),
    ]

    @Test(arguments: doubles)
    func doublesAreCorrectlyRounded(_ text: String, _ expected: Double) throws {
        let tape = try Self.parse(text)
        let value = try tape.double(tape.root)
        #expect(value == expected)
        #expect(value.sign == expected.sign)
    }

    @Test func hugeExponentIsOutOfRange() throws {
        let tape = try Self.parse("[1e999]")
        let item = try #require(tape.elements(of: tape.root).first { _ in true })
        #expect(throws: DecodeError(.outOfRange, detail: "is not a finite number")) { try tape.double(item) }
    }

    static let integers: [(String, Int64)] = [
        ("0", 0), ("-1", -1), ("9223372036854775807", .max), ("-9223372036854775808", .min), ("3.0", 3),
        ("999999999999999999", 999_999_999_999_999_999), ("-999999999999999999", -999_999_999_999_999_999),
        ("1000000000000000000", 1_000_000_000_000_000_000), ("-0", 0), ("1795435190", 1_795_435_190),
    ]

    @Test(arguments: integers)
    func integersAreExact(_ text: String, _ expected: Int64) throws {
        let tape = try Self.parse(text)
        #expect(try tape.int(tape.root) == expected)
    }

    @Test func escapedStringsAreDecoded() throws {
        let tape = try Self.parse(#"{"k\u0065y": "a\"b\\c\/d\n\u00e9\ud83d\ude00"}"#)
        let value = try #require(tape.field("key", in: tape.root))
        #expect(try tape.text(value) == "a\"b\\c/d\né😀")
        #expect(tape.rawStringRange(value) == nil)
    }

    @Test func tapeIsReusedWithoutStaleTokens() throws {
        var tape = JSONTape()
        try tape.parse(Array(#"[1,2,3,4,5,6,7,8]"#.utf8))
        try tape.parse(Array(#"{"a":1}"#.utf8))
        #expect(tape.tokens.count == 3)
        #expect(try tape.int("a", in: tape.root) == 1)
    }
}
