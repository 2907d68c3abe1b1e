import Logging
import RTLSCore
import RTLSSystemd
import RTLSTestSupport
import Testing

/// End to end through libsystemd: a `Logger` backed by ``JournalLogHandler`` sends to a datagram
/// socket bound where journald's would be, and the test parses journald's native protocol.
@Suite(.serialized) struct JournalTests {
    /// Parses one native-protocol datagram: `NAME=value\n`, or `NAME\n` + 64-bit little-endian
    /// length + value + `\n` for values holding a newline.
    private func parse(_ bytes: [UInt8]) -> [(String, String)] {
        var fields: [(String, String)] = []
        var index = 0
        while index < bytes.count {
            guard let end = bytes[index...].firstIndex(where: { $0 == 0x0A || $0 == 0x3D }) else { break }
            let name = String(decoding: bytes[index..<end], as: UTF8.self)
            if bytes[end] == 0x3D {
                let valueEnd = bytes[(end + 1)...].firstIndex(of: 0x0A) ?? bytes.count
                fields.append((name, String(decoding: bytes[(end + 1)..<valueEnd], as: UTF8.self)))
                index = valueEnd + 1
            } else {
                guard end + 9 <= bytes.count else { break }
                var length = 0
                for shift in 0..<8 { length |= Int(bytes[end + 1 + shift]) << (8 * shift) }
                let start = end + 9
                guard start + length <= bytes.count else { break }
                fields.append((name, String(decoding: bytes[start..<(start + length)], as: UTF8.self)))
                index = start + length + 1
            }
        }
        return fields
    }

    @Test func loggerEntryReachesJournalSocketAsNativeFields() throws {
        guard let journal = UnixDatagramReceiver.journalStandIn() else {
            print("SKIP: /run/systemd/journal/socket exists (journald running) or /run/systemd is not writable")
            return
        }
        defer { journal.close() }
        var logger = Logger(label: "rtlsd.rules") { JournalLogHandler(label: $0) }
        logger[metadataKey: LogKey.zoneID] = "icu-3"
        logger.warning(
            "Asset entered restricted zone",
            metadata: [LogKey.alertKind: "restricted_zone", LogKey.tagID: "E2003412", "detail": "line 1\nline 2"])

        let datagram = try #require(journal.receiveBytes())
        #expect(journal.receiveBytes() == nil)
        let fields = self.parse(datagram)
        let byName = Dictionary(fields, uniquingKeysWith: { first, _ in first })
        #expect(byName["MESSAGE"] == "Asset entered restricted zone")
        #expect(byName["PRIORITY"] == "4")
        #expect(byName["SYSLOG_IDENTIFIER"] == "rtlsd")
        #expect(byName["MESSAGE_ID"] == AlertMessageID.forKind("restricted_zone"))
        #expect(byName["ZONE_ID"] == "icu-3")
        #expect(byName["TAG_ID"] == "E2003412")
        #expect(byName["DETAIL"] == "line 1\nline 2")
        #expect(byName["CODE_FILE"]?.hasSuffix("JournalTests.swift") == true)
        #expect(byName["CODE_LINE"].flatMap(Int.init) ?? 0 > 0)
        #expect(fields.count == byName.count)
    }
}
