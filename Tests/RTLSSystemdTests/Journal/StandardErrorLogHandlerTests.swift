import Logging
import RTLSSystemd
import Testing

@Suite struct StandardErrorLogHandlerTests {
    @Test func lineWithSortedKeyValueMetadata() {
        let line = StandardErrorLogHandler.format(
            level: .warning, label: "rtlsd.writer", message: "PostgreSQL unreachable",
            metadata: ["spool.bytes": .stringConvertible(4096), "db.host": "10.20.0.5"])
        #expect(line == "warning rtlsd.writer: PostgreSQL unreachable db.host=10.20.0.5 spool.bytes=4096")
    }

    @Test(arguments: [
        ("plain", "plain"), ("two words", "\"two words\""), ("", "\"\""), ("a=b", "\"a=b\""),
        ("say \"hi\"", "\"say \\\"hi\\\"\""), ("line\nbreak", "line\\nbreak"), ("back\\slash", "back\\\\slash"), ("a b\n", "\"a b\\n\""),
    ])
    func valuesAreQuotedWhenNeeded(value: String, expected: String) {
        let line = StandardErrorLogHandler.format(
            level: .info, label: "l", message: "m", metadata: ["k": .string(value)])
        #expect(line == "info l: m k=\(expected)")
    }

    /// A gateway named `x⏎<0>FAKE…` must not start a second line (journald would read `<0>` as its
    /// priority), ESC must not reach a terminal, and a bidi override must show.
    @Test func textFromTheNetworkCannotForgeALine() {
        let hostile = "x\n<0>FAKE: pump stolen\u{1B}[31m\u{202E}kcod"
        let line = StandardErrorLogHandler.format(
            level: .critical, label: "rtlsd", message: "PUMP-1 entered restricted zone DOCK (last seen RFID \(hostile))",
            metadata: ["gateway.id": .string(hostile)])
        #expect(!line.contains("\n"))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" })
        #expect(line.contains("x\\n<0>FAKE: pump stolen\\u{1B}[31m\\u{202E}kcod"))
    }

    @Test func handlerKeepsLevelAndMetadataPerCopy() {
        var first = StandardErrorLogHandler(label: "a")
        first[metadataKey: "zone.id"] = "icu"
        first.logLevel = .debug
        var second = first
        second[metadataKey: "zone.id"] = "er"
        second.logLevel = .error
        #expect(first[metadataKey: "zone.id"] == "icu")
        #expect(first.logLevel == .debug)
        #expect(second[metadataKey: "zone.id"] == "er")
    }
}

@Suite struct StandardErrorTimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (951_782_400_000_000, "2000-02-29T00:00:00.000Z"),
        (1_795_435_200_123_456, "2026-11-23T12:00:00.123Z"),
        (4_102_444_799_999_999, "2099-12-31T23:59:59.999Z"),
        (-1_000, "1969-12-31T23:59:59.999Z"),
    ])
    func rfc3339(microseconds: Int64, expected: String) {
        #expect(StandardErrorLogHandler.timestamp(microseconds: microseconds) == expected)
    }
}
