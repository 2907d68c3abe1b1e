import TOMLKit
import Testing

@testable import RTLSDaemon

@Suite struct TOMLSectionTests {
    static let text = """
        [mqtt]
        host = "h"
        port = "1883"
        qos = 7
        clean = "yes"
        level = "loud"
        empty = ""

        [[zone]]
        name = "A"

        [[zone]]
        name = "B"
        polygon = [[0, 0], [1, "x"]]
        after = "1h30m"
        bad_after = "soon"
        from = "07:45"
        to = "24:00"
        class = ["pump", 3]
        group = 5
        temp = 2.5
        """

    static func doc() throws -> TOMLDocument<ProbeError> {
        try TOMLDocument<ProbeError>.parse(text: Self.text, file: "t.toml")
    }

    static func mqtt() throws -> TOMLSection<ProbeError> {
        try #require(try Self.doc().table("mqtt"))
    }

    static func zone(_ i: Int) throws -> TOMLSection<ProbeError> {
        try Self.doc().tables("zone")[i]
    }

    @Test func valuesOfTheRightTypeAreRead() throws {
        var mqtt = try Self.mqtt()
        #expect(try mqtt.string("host") == "h")
        #expect(try mqtt.string("absent") == nil)
        #expect(try mqtt.nonEmptyString("empty") == nil)
        #expect(try mqtt.int("qos", range: 0...9) == 7)
        #expect(try mqtt.choice("absent_level", default: "info", allowed: ["info"]) == "info")
        var zone = try Self.zone(1)
        #expect(try zone.requiredDuration("after") == .seconds(5400))
        #expect(try zone.timeOfDay("from") == 7 * 60 + 45)
        #expect(try zone.number("temp") == 2.5)
        #expect(try zone.strings("absent") == [])
        #expect(try zone.strings("name") == ["B"])
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var name: String
        var zone: Int?
        var read: @Sendable (inout TOMLSection<ProbeError>) throws -> Void
        var code: String
        var line: Int
        var place: String
        var detailHas: String
        var testDescription: String { self.name }
    }

    static let bad: [Bad] = [
        Bad(name: "string for int", read: { _ = try $0.int("port", range: 1...65535) }, code: "wrongType", line: 3,
            place: "[mqtt] port", detailHas: "found: \"string\", expected: \"an integer\""),
        Bad(name: "int out of range", read: { _ = try $0.int("qos", range: 0...2) }, code: "invalidValue", line: 4,
            place: "[mqtt] qos", detailHas: "= 7 must be between 0 and 2"),
        Bad(name: "string for bool", read: { _ = try $0.bool("clean") }, code: "wrongType", line: 5,
            place: "[mqtt] clean", detailHas: "expected: \"true or false\""),
        Bad(name: "not a choice", read: { _ = try $0.choice("level", default: "info", allowed: ["info", "debug"]) },
            code: "invalidValue", line: 6, place: "[mqtt] level", detailHas: "= \\\"loud\\\" must be one of"),
        Bad(name: "int for string", read: { _ = try $0.string("qos") }, code: "wrongType", line: 4,
            place: "[mqtt] qos", detailHas: "found: \"integer\", expected: \"a string\""),
        Bad(name: "missing in table", read: { _ = try $0.requiredString("client_id") }, code: "missingKey", line: 1,
            place: "[mqtt] client_id", detailHas: "missingKey"),
        Bad(name: "missing in first block", zone: 0, read: { _ = try $0.requiredNumber("level") },
            code: "missingKey", line: 9, place: "[[zone]] #1 level", detailHas: "missingKey"),
        Bad(name: "pair holds a string", zone: 1, read: { _ = try $0.pairs("polygon") }, code: "wrongShape", line: 14,
            place: "[[zone]] #2 polygon", detailHas: "number pairs"),
        Bad(name: "not a duration", zone: 1, read: { _ = try $0.duration("bad_after") }, code: "invalidValue",
            line: 16, place: "[[zone]] #2 bad_after", detailHas: "must be a duration"),
        Bad(name: "hour 24", zone: 1, read: { _ = try $0.timeOfDay("to") }, code: "invalidValue", line: 18,
            place: "[[zone]] #2 to", detailHas: "must be a time of day"),
        Bad(name: "array holds an int", zone: 1, read: { _ = try $0.strings("class") }, code: "wrongShape",
            line: 19, place: "[[zone]] #2 class", detailHas: "holds a integer, expected strings"),
        Bad(name: "int for strings", zone: 1, read: { _ = try $0.strings("group") }, code: "wrongType", line: 20,
            place: "[[zone]] #2 group", detailHas: "expected: \"a string or an array of strings\""),
        Bad(name: "string for number", zone: 1, read: { _ = try $0.number("name") }, code: "wrongType", line: 13,
            place: "[[zone]] #2 name", detailHas: "expected: \"a number\""),
    ]

    @Test(arguments: Self.bad) func badValueIsRefusedAtItsKeyAndLine(_ c: Bad) throws {
        var section = try c.zone.map { i throws in try Self.zone(i) } ?? Self.mqtt()
        let error = #expect(throws: ProbeError.self) { try c.read(&section) }
        #expect(error?.code == c.code)
        #expect(error?.line == c.line)
        #expect(error?.place == c.place)
        #expect(error?.file == "t.toml")
        #expect(error?.detail.contains(c.detailHas) == true, "\(String(describing: error?.detail))")
    }

    @Test func keysNeverReadAreRefusedFirstInSortedOrder() throws {
        var mqtt = try Self.mqtt()
        _ = try mqtt.string("host")
        _ = try mqtt.string("port")
        let error = #expect(throws: ProbeError.self) { try mqtt.rejectUnknownKeys() }
        #expect(error?.code == "unknownKey")
        #expect(error?.place == "[mqtt] clean")
        #expect(error?.line == 5)
        #expect(error?.detail == "unknownKey(known: [\"host\", \"port\"])")
        for key in ["qos", "clean", "level", "empty"] { _ = mqtt.value(key) }
        #expect(throws: Never.self) { try mqtt.rejectUnknownKeys() }
    }

    @Test func keysOutsideTheAllowedSetAreRefusedEvenWhenRead() throws {
        var zone = try Self.zone(0)
        #expect(throws: Never.self) { try zone.rejectUnknownKeys(allowed: ["name"]) }
        _ = try zone.string("name")
        var other = try Self.zone(1)
        _ = try other.number("temp")
        let error = #expect(throws: ProbeError.self) {
            try other.rejectUnknownKeys(
                allowed: ["name", "polygon", "after", "bad_after", "from", "to", "class", "group"])
        }
        #expect(error?.place == "[[zone]] #2 temp")
        #expect(error?.line == 21)
    }

    @Test func aLabelReplacesTheBlockNumber() throws {
        var zone = try Self.zone(1)
        zone.label = try zone.requiredString("name")
        #expect(zone.place("polygon") == "[[zone]] \"B\" polygon")
        #expect(zone.place(nil) == "[[zone]] \"B\"")
        let error = zone.error("custom", key: "after", "too long")
        let expected = ProbeError("custom", file: "t.toml", line: 15, place: "[[zone]] \"B\" after", detail: "too long")
        #expect(error == expected)
    }

    @Test(arguments: [("90s", 90), ("30m", 1800), ("4h", 14400), ("1h30m", 5400), ("2d", 172_800)] as [(String, Int64)])
    func durationsParse(text: String, seconds: Int64) {
        #expect(TOMLSection<ProbeError>.parseDuration(text) == .seconds(seconds))
    }

    @Test(arguments: [("1500ms", 1500), ("1s500ms", 1500), ("250ms", 250), ("2s", 2000)] as [(String, Int64)])
    func millisecondsParse(text: String, milliseconds: Int64) {
        #expect(TOMLSection<ProbeError>.parseDuration(text) == .milliseconds(milliseconds))
    }

    @Test(arguments: ["", "90", "5x", "m", "1h30", "ms", "10sm", "1.5s"]) func malformedDurationsDoNotParse(text: String) {
        #expect(TOMLSection<ProbeError>.parseDuration(text) == nil)
    }
}
