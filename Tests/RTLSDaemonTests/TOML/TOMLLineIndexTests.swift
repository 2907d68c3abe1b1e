import Testing

@testable import RTLSDaemon

@Suite struct TOMLLineIndexTests {
    static let text = """
        [facility]
        name = "T"

        [[zone]]
        name = "A"

        [[zone]]
          name = "B"
        polygon = [
            [0, 0], [1, 0], [1, 1],
        ]
        [[ gateway ]]
        id = "g"
        """

    @Test(
        arguments: [
            ("facility", nil, "name", 2), ("zone", 0, "name", 5), ("zone", 1, "name", 8), ("zone", 1, "polygon", 9),
            ("zone", 1, "floor", 7), ("zone", 0, "polygon", 4), ("gateway", 0, "id", 13), ("zone", 1, "antennas.2", 7),
        ] as [(String, Int?, String, Int)])
    func findsKeysInsideTheRightTable(table: String, occurrence: Int?, key: String, line: Int) {
        #expect(TOMLLineIndex(text: Self.text).line(table: table, occurrence: occurrence, key: key) == line)
    }

    @Test func missingTableHasNoLine() {
        let index = TOMLLineIndex(text: Self.text)
        #expect(index.line(table: "asset", occurrence: 0, key: "tag") == nil)
        #expect(index.line(table: "zone", occurrence: 2, key: nil) == nil)
    }

    @Test func plainTableAndArrayOfTablesAreDifferentBlocks() {
        let index = TOMLLineIndex(text: Self.text)
        #expect(index.line(table: "zone", occurrence: nil, key: "name") == nil)
        #expect(index.line(table: "facility", occurrence: 0, key: "name") == nil)
        #expect(index.line(table: "facility", occurrence: nil, key: nil) == 1)
    }

    static let config = """
        # comment = not a key
        log_level = "x"
        "quoted" = 1\r
        [mqtt]
        \thost = "h"   # trailing = comment
        qos=3
        [[decoder]]
        topic = "a/#"
        [[decoder]]
        topic = "b/#"
        antennas.1 = "dotted"
        """

    @Test(
        arguments: [
            ("", nil, "log_level", 2), ("", nil, "quoted", 3), ("", nil, "comment", nil), ("mqtt", nil, "host", 5),
            ("mqtt", nil, "qos", 6), ("mqtt", nil, "port", 4), ("decoder", 0, "topic", 8), ("decoder", 1, "topic", 10),
            ("decoder", 1, "antennas.1", 11), ("decoder", 1, "antennas.2", 9), ("decoder", 0, "utc_offset", 7),
        ] as [(String, Int?, String, Int?)])
    func findsRootKeysQuotedKeysAndKeysAfterTabs(table: String, occurrence: Int?, key: String, line: Int?) {
        #expect(TOMLLineIndex(text: Self.config).line(table: table, occurrence: occurrence, key: key) == line)
    }

    @Test(arguments: [("mqtt", 4), ("decoder", 7), ("log_level", 2), ("metrics", nil)] as [(String, Int?)])
    func topLevelNameIsFoundAsHeaderOrRootKey(name: String, line: Int?) {
        #expect(TOMLLineIndex(text: Self.config).line(topLevel: name) == line)
    }

    @Test func trimmingSpacesDropsSpacesTabsAndCarriageReturns() {
        #expect(" \t key \r".trimmingSpaces() == "key")
        #expect("".trimmingSpaces() == "")
    }

    @Test func crlfLinesAreCountedLikeLFLines() {
        let index = TOMLLineIndex(text: "[mqtt]\r\nhost = \"h\"\r\n\r\n[[decoder]]\r\ntopic = \"a\"\r\n")
        #expect(index.line(table: "mqtt", occurrence: nil, key: "host") == 2)
        #expect(index.line(table: "decoder", occurrence: 0, key: "topic") == 5)
    }
}
