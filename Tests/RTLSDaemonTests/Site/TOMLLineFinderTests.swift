import Testing

@testable import RTLSDaemon

@Suite struct TOMLLineFinderTests {
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
    func findsKeysInsideTheRightTable(table: String, index: Int?, key: String, line: Int) {
        #expect(TOMLLineFinder(text: Self.text).line(table: table, index: index, key: key) == line)
    }

    @Test func missingTableHasNoLine() {
        #expect(TOMLLineFinder(text: Self.text).line(table: "asset", index: 0, key: "tag") == nil)
        #expect(TOMLLineFinder(text: Self.text).line(table: "zone", index: 2, key: nil) == nil)
    }
}
