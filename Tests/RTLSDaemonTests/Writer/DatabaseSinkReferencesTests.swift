import Logging
import RTLSSystemd
import Testing

@testable import RTLSDaemon

/// The warning for a gateway or zone outside the allow-list names it escaped exactly once: the
/// log handlers escape the message, so the sink passes the name as received.
@Suite struct DatabaseSinkReferencesTests {
    static let name = #"gw\n<0>FAKE"#  // a literal backslash: controls themselves are rejected at decode

    @Test func theNameIsEscapedOnceOnStderrAndInTheJournal() {
        let message = DatabaseSink.unknownMessage(
            "gateway", Self.name, setting: "allow_unknown_gateways", suppressed: 0)
        #expect(message.contains(#"gateway "gw\n<0>FAKE" is not in site.toml"#))
        let line = StandardErrorLogHandler.format(
            level: .warning, label: "rtlsd.db", message: message, metadata: ["gateway.id": "\(Self.name)"])
        #expect(line.contains(#"gateway "gw\\n<0>FAKE" is not in site.toml"#))
        #expect(line.hasSuffix(#" gateway.id=gw\\n<0>FAKE"#))
        let fields = JournalFields.make(
            message: message, level: .warning, metadata: [:], label: "rtlsd.db", file: "f", function: "g", line: 1)
        #expect(fields.contains { $0.hasPrefix("MESSAGE=") && $0.contains(#""gw\\n<0>FAKE""#) })
    }
}
