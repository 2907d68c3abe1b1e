import Logging
import RTLSCore
import RTLSSystemd
import Testing

/// An alert's journal and stderr line shows a network name escaped exactly once — the same text as
/// the copy stored in the database — however the name is built.
@Suite struct AlertLogLineTests {
    @Test func aGatewayNameIsEscapedOnceInTheLogLine() throws {
        let alert = Alert(
            alertID: 1, ruleID: "r", kind: .gatewayOffline, severity: .warning, state: .fired,
            time: Timestamp(seconds: 1_750_000_000), tag: TagID(), asset: SiteName(), zone: ZoneName(),
            gateway: try #require(GatewayID(#"gw\n<0>FAKE"#)), method: nil, value: 300)
        let line = StandardErrorLogHandler.format(
            level: .warning, label: "rtlsd.rules", message: alert.logMessage, metadata: [:])
        #expect(line.contains(alert.message))
        #expect(line.contains(#"gateway gw\\n<0>FAKE silent"#))
        #expect(!line.contains(#"gw\\\\n"#))
        let fields = JournalFields.make(
            message: alert.logMessage, level: .warning, metadata: [:], label: "rtlsd.rules", file: "f", function: "g",
            line: 1)
        #expect(fields.contains { $0 == "MESSAGE=\(alert.message)" })
    }
}
