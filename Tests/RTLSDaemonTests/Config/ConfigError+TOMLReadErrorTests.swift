import Testing

@testable import RTLSDaemon

@Suite struct ConfigErrorTOMLReadErrorTests {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "no such file" }
    }

    @Test(arguments: [
        (TOMLProblem.syntax("expected ']'"), ConfigError.Code.syntax, "expected ']'"),
        (.notATable("mqtt"), .wrongType, "must be a table ([mqtt])"),
        (.notAnArrayOfTables("decoder"), .wrongType, "must be an array of tables ([[decoder]])"),
        (.arrayEntryNotATable("decoder"), .wrongType, "entries must be tables"),
        (.unknownTable(known: ["mqtt"]), .unknownKey, "is not a known section or key"),
        (.unknownKey(known: ["host"]), .unknownKey, "is not a known key"),
        (.missingKey, .missingKey, "is required"),
        (.wrongType(found: "string", expected: "an integer"), .wrongType, "must be an integer"),
        (.wrongShape("must be pairs"), .wrongType, "must be pairs"),
        (.invalidValue("= 3 must be 0, 1 or 2"), .invalidValue, "= 3 must be 0, 1 or 2"),
    ])
    func problemsAreWordedForRtlsdToml(problem: TOMLProblem, code: ConfigError.Code, detail: String) {
        let words = ConfigError.words(for: problem)
        #expect(words.code == code)
        #expect(words.detail == detail)
    }

    @Test func unreadableUsesTheLocalizedReason() {
        #expect(ConfigError.words(for: .unreadable(Missing())).code == .unreadable)
        #expect(ConfigError.words(for: .unreadable(Missing())).detail.hasPrefix("cannot be read ("))
    }

    @Test func placeBecomesTheKeyAndAnEmptyPlaceNone() {
        let keyed = ConfigError(
            ConfigError.Code.invalidValue, file: "t.toml", line: 3, place: "[mqtt] qos", detail: "d")
        #expect(keyed.key == "[mqtt] qos")
        #expect(keyed.description == "config t.toml line 3: [mqtt] qos d")
        let whole = ConfigError(ConfigError.Code.syntax, file: "t.toml", line: 1, place: "", detail: "d")
        #expect(whole.key == nil)
        #expect(whole.description == "config t.toml line 1: d")
    }

    @Test func aTopLevelValueThatIsNotATableIsRefusedAtItsLine() {
        let error = #expect(throws: ConfigError.self) {
            let text = "\nmqtt = 5\n[[decoder]]\ntopic = \"a/#\"\ndecoder = \"rtls-json\"\n"
            _ = try DaemonConfig.parse(text: text, file: "t.toml")
        }
        #expect(error?.code == .wrongType)
        #expect(error?.line == 2)
        #expect(error?.description == "config t.toml line 2: mqtt must be a table ([mqtt])")
    }
}
