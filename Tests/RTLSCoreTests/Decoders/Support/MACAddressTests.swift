import Testing

@testable import RTLSCore

/// ``MACAddress`` normalization, from an inline string or from bytes read in place, against the rule
/// written out plainly: twelve hex digits with any `:`/`-` between them become the upper-case digits;
/// anything else stays as it was, upper-cased.
@Suite struct MACAddressTests {
    static func reference(_ text: String) -> String {
        let digits = text.filter { $0.isHexDigit && $0.isASCII }
        let rest = text.filter { !($0.isHexDigit && $0.isASCII) && $0 != ":" && $0 != "-" }
        if digits.count == 12 && rest.isEmpty { return digits.uppercased() }
        return Self.upperASCII(text)
    }

    static func upperASCII(_ text: String) -> String {
        String(text.map { $0.isASCII ? Character($0.uppercased()) : $0 })
    }

    static let inputs: [String] = {
        var inputs = [
            "", "ac:23:3f:a0:b1:c2", "AC:23:3F:A0:B1:C2", "ac-23-3f-a0-b1-c2", "AC233FA0B1C2", "ac233fa0b1c2",
            "ac:23:3f-a0:b1:c2", "ac:23:3f:a0:b1:c", "ac:23:3f:a0:b1:c2:", ":ac:23:3f:a0:b1:c2", "ac::233f:a0:b1:c2",
            "ac:23:3f:a0:b1:g2", "ac 23 3f a0 b1 c2", "ac:23:3f:a0:b1:c2:d3", "AC233FA0B1C2D3", "sensor-7",
            "ac:23:3f:a0:b1:é2", "ac233f:a0b1c2", "ac23:3fa0b1c2-", "ac:23:3f:a0:b1:C2",
        ]
        // Pseudo-random texts over hex digits, separators and a non-hex letter, around the 12/17 lengths.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let alphabet = Array("0aF9c:-:-zA")
        for length in 10...19 {
            for _ in 0..<40 {
                var text = ""
                for _ in 0..<length {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    text.append(alphabet[Int(state >> 33) % alphabet.count])
                }
                inputs.append(text)
            }
        }
        return inputs
    }()

    @Test(arguments: Self.inputs)
    func normalizedFollowsTheRule(_ text: String) throws {
        let expected = Self.reference(text)
        let tag = try #require(TagID(text))
        #expect(MACAddress.normalized(tag).string == expected, "\(text)")
        let fromBytes: TagID? = MACAddress.normalized(utf8: text.utf8.span)
        #expect(fromBytes?.string == expected, "\(text)")
        // A capacity below twelve never holds the normalized form: the text stays as it was.
        if let short = InlineString<8>(text) {
            #expect(MACAddress.normalized(short).string == Self.upperASCII(text), "\(text)")
        }
    }

    /// Bytes that do not fit are refused (the caller reports `id_too_long`), never cut.
    @Test func tooLongForTheCapacityIsRefused() {
        let text = "ac:23:3f:a0:b1:c2"
        let fits: InlineString<17>? = MACAddress.normalized(utf8: text.utf8.span)
        #expect(fits == "AC233FA0B1C2")
        let tooShort: InlineString<16>? = MACAddress.normalized(utf8: text.utf8.span)
        #expect(tooShort == nil)
    }
}
