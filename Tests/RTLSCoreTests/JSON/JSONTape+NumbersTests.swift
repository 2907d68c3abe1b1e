import Testing

@testable import RTLSCore

@Suite struct JSONTapeNumbersTests {
    /// SplitMix64, so the generated numbers are the same on every run.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `text` converted by the tape, which must agree bit for bit with the standard library's parser.
    static func tapeDouble(_ text: String) -> Double {
        let bytes = Array(text.utf8)
        return JSONTape.doubleValue(bytes.span, 0, bytes.count)
    }

    /// Numbers of 15–19 significant digits (the widths past the Clinger path), written as fractions or
    /// with exponents, including the halfway cases a missing sticky bit would round wrongly.
    static func samples(count: Int, seed: UInt64) -> [String] {
        var g = Generator(state: seed)
        var out: [String] = []
        for _ in 0..<count {
            let width = 15 + Int(g.next() % 5)
            var digits = String(1 + g.next() % 9)
            for _ in 1..<width { digits += String(g.next() % 10) }
            let negative = g.next() % 2 == 0 ? "-" : ""
            switch g.next() % 3 {
            case 0:
                let point = 1 + Int(g.next() % UInt64(width - 1))
                let i = digits.index(digits.startIndex, offsetBy: point)
                out.append(negative + digits[..<i] + "." + digits[i...])
            case 1:
                out.append(negative + digits + "e-" + String(g.next() % 20))
            default:
                out.append(negative + digits + "e" + String(g.next() % 20))
            }
        }
        return out
    }

    static let edges: [String] = [
        "12.299999999999999", "0.30000000000000004", "9007199254740993", "9007199254740993e-3",
        "18446744073709551615", "1844674407370955161e-19", "9999999999999999999e19", "1000000000000000000e-19",
        "4503599627370497.5", "2.2250738585072014e-308", "1.7976931348623157e308", "123456789012345678e-5",
        "-0.0", "0.000000000000000000000001", "100000000000000000000000",
        // The quotient lands exactly halfway in its first 64 bits; only the remainder says to round up.
        "2107599229597937468e-19", "0.0361073969896807713", "0.0122947401744113562",
    ]

    @Test(arguments: edges)
    func wideNumbersMatchTheStandardParser(_ text: String) throws {
        let expected = try #require(Double(text))
        #expect(Self.tapeDouble(text).bitPattern == expected.bitPattern, "\(text)")
    }

    @Test func generatedWideNumbersMatchTheStandardParser() throws {
        var mismatches: [String] = []
        for text in Self.samples(count: 20_000, seed: 0x5EED) {
            let expected = try #require(Double(text))
            if Self.tapeDouble(text).bitPattern != expected.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test func halfwayMantissasRoundToEvenOrByTheRemainder() throws {
        // 2^53 + 1 sits halfway between two doubles; one more digit below the point decides the rounding.
        for text in ["9007199254740993", "9007199254740993.0", "9007199254740993.1", "9007199254740992.9",
                     "9007199254740995", "900719925474099.35", "900719925474099.25"] {
            let expected = try #require(Double(text))
            #expect(Self.tapeDouble(text).bitPattern == expected.bitPattern, "\(text)")
        }
    }
}
