import Testing

@testable import RTLSCore

@Suite struct JSONFieldsTests {
    enum Key {
        static let ts = JSONKey("ts", slot: 0)
        static let tag = JSONKey("tag", slot: 1)
        static let tagID = JSONKey("tagID", slot: 2)
        static let rssi = JSONKey("rssi", slot: 3)
        static let empty = JSONKey("", slot: 4)
        static let e = JSONKey("é", slot: 5)
        static let all = [ts, tag, tagID, rssi, empty, e]
        static let set = JSONKeySet(all)
    }

    static func parse(_ text: String) throws(DecodeError) -> JSONTape {
        var tape = JSONTape()
        try tape.parse(Array(text.utf8))
        return tape
    }

    /// Objects covering duplicates, unknown keys, prefixes, escapes, nulls and nesting.
    static let objects: [String] = [
        #"{}"#,
        #"{"ts":1,"tag":"a","tagID":"b","rssi":-60,"":0,"é":true}"#,
        #"{"tagID":"b","tag":"a"}"#,
        #"{"ta":1,"tags":2,"t":3,"tagI":4,"TS":5}"#,
        #"{"ts":1,"ts":2,"tag":null,"tag":"x"}"#,
        #"{"rssi":null}"#,
        #"{"\u0074s":7,"t\u0061g":"q","\u00e9":1,"r\/ssi":2}"#,
        #"{"ts":{"ts":1,"tag":2},"x":[{"rssi":1}],"rssi":3}"#,
        #"{"unknown":1,"other":{"a":[1,2,3]},"ts":"2026-11-23T12:00:00Z"}"#,
        #"{"t\"s":1,"ts\u0000":2,"tag ":3}"#,
    ]

    @Test(arguments: objects)
    func answersLikeOneScanPerKey(_ text: String) throws {
        let tape = try Self.parse(text)
        let fields = JSONFields(tape, tape.root, Key.set)
        for key in Key.all {
            #expect(fields.field(key) == tape.field(key, in: tape.root), "\(key) in \(text)")
            #expect(fields.present(key) == tape.presentField(key, in: tape.root), "\(key) in \(text)")
        }
    }

    @Test func firstOfDuplicateKeysWins() throws {
        let tape = try Self.parse(#"{"ts":1,"ts":2,"rssi":null,"rssi":-50}"#)
        let fields = JSONFields(tape, tape.root, Key.set)
        #expect(try tape.int(Key.ts, in: fields) == 1)
        #expect(fields.field(Key.rssi).map { tape.kind($0) } == .null)
        #expect(try tape.double(Key.rssi, in: fields) == nil)
    }

    @Test func unknownAndPrefixKeysAreIgnored() throws {
        let tape = try Self.parse(#"{"t":1,"tagI":2,"tags":3,"tagID":"x","rss":4}"#)
        let fields = JSONFields(tape, tape.root, Key.set)
        #expect(fields.field(Key.ts) == nil)
        #expect(fields.field(Key.tag) == nil)
        #expect(fields.field(Key.rssi) == nil)
        #expect(try tape.string(Key.tagID, in: fields) == TagID("x"))
    }

    @Test func missingKeysAreAbsent() throws {
        let tape = try Self.parse(#"{"other":1}"#)
        let fields = JSONFields(tape, tape.root, Key.set)
        for key in Key.all {
            #expect(fields.field(key) == nil)
        }
        #expect(try tape.timestamp(Key.ts, in: fields) == nil)
        #expect(try tape.bool(Key.e, in: fields) == nil)
    }

    @Test func escapedKeysMatchTheirUnescapedBytes() throws {
        let tape = try Self.parse(#"{"\u0074s":1700000000,"\u00e9":true,"t\u0061g":"q"}"#)
        let fields = JSONFields(tape, tape.root, Key.set)
        #expect(try tape.int(Key.ts, in: fields) == 1_700_000_000)
        #expect(try tape.bool(Key.e, in: fields) == true)
        #expect(try tape.string(Key.tag, in: fields) == TagID("q"))
    }

    @Test func aValueThatIsNotAnObjectHasNoFields() throws {
        let tape = try Self.parse(#"[{"ts":1}]"#)
        let fields = JSONFields(tape, tape.root, Key.set)
        #expect(fields.field(Key.ts) == nil)
    }

    @Test func typedGettersThrowTheSameErrorsAsTheObjectGetters() throws {
        let tape = try Self.parse(#"{"ts":true,"tag":5,"tagID":"x","rssi":"loud","":1.5,"é":99}"#)
        let fields = JSONFields(tape, tape.root, Key.set)
        let object = tape.root
        #expect(Self.error { () throws(DecodeError) in _ = try tape.timestamp(Key.ts, in: fields) }
            == Self.error { () throws(DecodeError) in _ = try tape.timestamp(Key.ts, in: object) })
        #expect(Self.error { () throws(DecodeError) in _ = try tape.string(Key.tag, in: fields) as TagID? }
            == Self.error { () throws(DecodeError) in _ = try tape.string(Key.tag, in: object) as TagID? })
        #expect(Self.error { () throws(DecodeError) in _ = try tape.double(Key.rssi, in: fields) }
            == Self.error { () throws(DecodeError) in _ = try tape.double(Key.rssi, in: object) })
        #expect(Self.error { () throws(DecodeError) in _ = try tape.int(Key.empty, in: fields) }
            == Self.error { () throws(DecodeError) in _ = try tape.int(Key.empty, in: object) })
        #expect(Self.error { () throws(DecodeError) in _ = try tape.bool(Key.e, in: fields) }
            == Self.error { () throws(DecodeError) in _ = try tape.bool(Key.e, in: object) })
        #expect(Self.error { () throws(DecodeError) in _ = try tape.double(Key.e, in: fields, range: 0...10) }
            == Self.error { () throws(DecodeError) in _ = try tape.double(Key.e, in: object, range: 0...10) })
        let rangeError = Self.error { () throws(DecodeError) in _ = try tape.double(Key.e, in: fields, range: 0...10) }
        #expect(rangeError?.field == "é")
        #expect(rangeError?.code == .outOfRange)
    }

    /// The error `body` throws, or `nil`.
    static func error(_ body: () throws(DecodeError) -> Void) -> DecodeError? {
        do { try body() } catch { return error }
        return nil
    }
}
