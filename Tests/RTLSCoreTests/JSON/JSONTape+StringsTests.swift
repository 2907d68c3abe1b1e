import Testing

@testable import RTLSCore

/// The eight-bytes-at-a-time string scan must stop exactly where the byte-by-byte rules would.
@Suite struct JSONTapeStringsTests {
    /// The bytes a string scan must look at one by one: `"`, `\`, controls, DEL, non-ASCII.
    static func isSpecial(_ c: UInt8) -> Bool { c == 0x22 || c == 0x5C || c < 0x20 || c >= 0x7F }

    static func word(_ bytes: [UInt8]) -> UInt64 {
        var w: UInt64 = 0
        for k in 0..<8 { w |= UInt64(bytes[k]) << UInt64(8 * k) }
        return w
    }

    /// Every byte value at every position, among plain and special neighbours: the lowest flagged byte
    /// is the first special one, and nothing is flagged when there is none.
    @Test(arguments: [UInt8(0x61), 0x30, 0x7E, 0x20, 0x22, 0x00, 0xFF, 0x7F])
    func specialBytesFindsTheFirstSpecialByte(_ filler: UInt8) {
        for position in 0..<8 {
            for value in 0...255 {
                var bytes = [UInt8](repeating: filler, count: 8)
                bytes[position] = UInt8(value)
                let special = JSONTape.specialBytes(Self.word(bytes))
                let first = bytes.firstIndex(where: Self.isSpecial)
                #expect((special == 0) == (first == nil), "\(bytes)")
                if let first { #expect(special.trailingZeroBitCount >> 3 == first, "\(bytes)") }
            }
        }
    }

    /// A special byte at every offset of a long string is still seen (quote ends it, a raw control
    /// character is refused, DEL and non-ASCII set the `unusual` flag).
    @Test func longStringsAreScannedExactly() throws {
        for offset in 0..<24 {
            let head = String(repeating: "a", count: offset)
            let tail = String(repeating: "b", count: 24 - offset)
            var tape = JSONTape()
            try tape.parse(Array(#"["\#(head)\#(tail)"]"#.utf8))
            #expect(tape.tokens[1].end - tape.tokens[1].start == 24)
            #expect(tape.tokens[1].flags == 0)

            try tape.parse(Array("[\"\(head)\u{7F}\(tail)\"]".utf8))
            #expect(tape.tokens[1].flags & JSONToken.unusual != 0)
            try tape.parse(Array("[\"\(head)é\(tail)\"]".utf8))
            #expect(tape.tokens[1].flags & JSONToken.unusual != 0)
            try tape.parse(Array(#"["\#(head)\n\#(tail)"]"#.utf8))
            #expect(tape.tokens[1].flags & JSONToken.escaped != 0)

            var control = Array(#"["\#(head)x\#(tail)"]"#.utf8)
            control[2 + offset] = 0x01
            #expect(throws: DecodeError.self) { try tape.parse(control) }
            var invalid = Array(#"["\#(head)x\#(tail)"]"#.utf8)
            invalid[2 + offset] = 0xFF
            #expect(throws: DecodeError.self) { try tape.parse(invalid) }
        }
    }

    /// An identifier holding DEL or a bidi mark is still refused although plain ones skip the check.
    @Test(arguments: ["0123456789\u{7F}abcdef", "0123456789\u{202E}abcdef", "0123456789\u{85}abcdef"])
    func identifiersWithUnsafeCharactersAreRefused(_ text: String) throws {
        var tape = JSONTape()
        try tape.parse(Array("[\"\(text)\"]".utf8))
        #expect(throws: DecodeError.self) { let _: TagID = try tape.string(JSONValue(index: 1)) }
        try tape.parse(Array(#"["0123456789abcdef0123"]"#.utf8))
        let plain: TagID = try tape.string(JSONValue(index: 1))
        #expect(plain == "0123456789abcdef0123")
    }

    /// Keys longer than eight bytes are compared eight at a time: a difference in any byte misses.
    @Test func longKeysDifferingAnywhereDoNotMatch() {
        let name = "measurementSequenceNumber"
        let set = JSONKeySet([JSONKey(name, slot: 0)])
        #expect(set.slot(Array(name.utf8)) == 0)
        for k in 0..<name.utf8.count {
            var bytes = Array(name.utf8)
            bytes[k] ^= 0x01
            #expect(set.slot(bytes) == nil, "differs at \(k)")
        }
    }
}
