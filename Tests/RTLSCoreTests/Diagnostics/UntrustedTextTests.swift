import RTLSCore
import Testing

@Suite struct UntrustedTextTests {
    @Test(arguments: [
        ("gw-0311", "gw-0311"),
        ("x\n<0>FAKE", "x\\n<0>FAKE"),
        ("a\r\tb", "a\\r\\tb"),
        ("\u{1B}[31mred", "\\u{1B}[31mred"),
        ("nul\u{0}here", "nul\\u{0}here"),
        ("c1\u{85}next", "c1\\u{85}next"),
        ("gw-\u{202E}kcod", "gw-\\u{202E}kcod"),
        ("iso\u{2066}late\u{2069}", "iso\\u{2066}late\\u{2069}"),
        ("arabic\u{061C}mark", "arabic\\u{61C}mark"),
        ("line\u{2028}sep", "line\\u{2028}sep"),
        ("back\\slash", "back\\\\slash"),
        ("Zürich €", "Zürich €"),
    ])
    func escapesControlsAndBidiVisibly(text: String, expected: String) {
        #expect(UntrustedText.escaped(text) == expected)
    }

    @Test(arguments: [
        ("plain-id", false), ("x\ny", true), ("nul\u{0}", true), ("\u{7F}", true), ("c1\u{9F}", true),
        ("\u{A0}nbsp", false), ("rlo\u{202E}", true), ("lrm\u{200E}", true), ("pdi\u{2069}", true),
        ("\u{061C}", true), ("ps\u{2029}", true), ("dash\u{2013}", false), ("Zürich", false),
    ])
    func findsUnsafeCharactersInUTF8(text: String, unsafe: Bool) {
        #expect(UntrustedText.containsUnsafe(text.utf8.span) == unsafe)
    }

    @Test func topicCapturesTooLongOrUnsafeAreReported() throws {
        let pattern = try TopicPattern("site1/rtls/+gateway")
        var context = DecodeContext(receivedAt: Timestamp(seconds: 0))
        #expect(pattern.match("site1/rtls/" + String(repeating: "g", count: 33), capturing: &context))
        #expect(context.captureProblem?.code == .idTooLong)
        #expect(context.topicGateway.isEmpty)
        #expect(pattern.match("site1/rtls/gw-\u{202E}1", capturing: &context))
        #expect(context.captureProblem?.code == .controlCharacter)
        #expect(pattern.match("site1/rtls/gw-1", capturing: &context))
        #expect(context.captureProblem == nil)
        #expect(context.topicGateway == "gw-1")
    }
}
