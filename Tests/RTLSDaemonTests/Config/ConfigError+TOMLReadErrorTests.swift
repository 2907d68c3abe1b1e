import Testing

@testable import RTLSDaemon

@Suite struct ConfigErrorTOMLReadErrorTests {
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
