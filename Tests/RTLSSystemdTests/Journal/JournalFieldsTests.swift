import Logging
import RTLSCore
import RTLSSystemd
import Testing

@Suite struct JournalFieldsTests {
    private struct Refused: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    private func fields(
        _ metadata: Logger.Metadata = [:], level: Logger.Level = .info, error: (any Error)? = nil, line: UInt = 42
    ) -> [String] {
        JournalFields.make(
            message: "Asset entered restricted zone", level: level, metadata: metadata, label: "rtlsd.rules",
            error: error, file: "RTLSCore/Rules/ZoneRule.swift", function: "evaluate(_:)", line: line)
    }

    /// The value of the first `NAME=` field, or `nil`.
    private func value(_ name: String, in fields: [String]) -> String? {
        fields.first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
    }

    @Test func priorityOverrideOnlyRaisesAndIsNotAField() {
        let escalated = self.fields([JournalFields.priorityKey: "1"], level: .critical)
        #expect(self.value("PRIORITY", in: escalated) == "1")
        #expect(!escalated.contains { $0.hasPrefix("JOURNAL_PRIORITY") })
        // Never lower than the level's own priority, never out of 0–7.
        #expect(self.value("PRIORITY", in: self.fields([JournalFields.priorityKey: "6"], level: .critical)) == "2")
        #expect(self.value("PRIORITY", in: self.fields([JournalFields.priorityKey: "-1"], level: .critical)) == "2")
        #expect(self.value("PRIORITY", in: self.fields([JournalFields.priorityKey: "x"], level: .warning)) == "4")
    }

    @Test func standardFieldsComeFirstInOrder() {
        let fields = self.fields(line: 117)
        #expect(
            fields == [
                "MESSAGE=Asset entered restricted zone", "PRIORITY=6", "SYSLOG_IDENTIFIER=rtlsd",
                "CODE_FILE=RTLSCore/Rules/ZoneRule.swift", "CODE_LINE=117", "CODE_FUNC=evaluate(_:)",
                "LOGGER=rtlsd.rules",
            ])
    }

    @Test(arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func priorityFromLevel(level: Logger.Level, priority: Int) {
        #expect(JournalFields.priority(level) == priority)
        #expect(self.value("PRIORITY", in: self.fields(level: level)) == String(priority))
    }

    @Test(arguments: [
        ("mqtt.topic", "MQTT_TOPIC"), ("gateway.id", "GATEWAY_ID"), ("db-host", "DB_HOST"),
        ("Already_Upper", "ALREADY_UPPER"), ("_pid", "PID"), ("__private.key", "PRIVATE_KEY"),
        ("2fa", "META_2FA"), ("message", "META_MESSAGE"), ("priority", "META_PRIORITY"),
        ("message_id", "META_MESSAGE_ID"), ("unit", "META_UNIT"), ("zone id/ä", "ZONE_ID__"), ("", "META_"),
        ("...", "META_"),
    ])
    func fieldNames(key: String, expected: String) {
        #expect(JournalFields.fieldName(key) == expected)
    }

    @Test func fieldNamesAreCutTo64Characters() {
        let name = JournalFields.fieldName(String(repeating: "a.", count: 50))
        #expect(name.count == 64)
        #expect(name.allSatisfy { $0 == "A" || $0 == "_" })
    }

    @Test func everyFieldNameJournaldWouldAccept() {
        let keys = ["mqtt.topic", "_x", "9lives", "a-b.c", "MESSAGE", "ümlaut", "tag.id", "!"]
        for key in keys {
            let name = JournalFields.fieldName(key)
            #expect(!name.isEmpty && name.count <= 64)
            #expect(name.first != "_" && name.first?.isNumber == false)
            #expect(name.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 })
        }
    }

    @Test func metadataFollowsSortedByKey() {
        let fields = self.fields([
            LogKey.zoneID: "icu-3", LogKey.tagID: "E2003412", LogKey.batchRows: .stringConvertible(500),
            "tags": .array(["a", "b"]),
        ])
        // Sorted by the original key: "tag.id" < "tags" < "zone.id".
        #expect(
            Array(fields.suffix(4)) == ["BATCH_ROWS=500", "TAG_ID=E2003412", #"TAGS=["a", "b"]"#, "ZONE_ID=icu-3"])
    }

    @Test func metadataCannotOverrideMessage() {
        let fields = self.fields(["message": "forged", "priority": "0"])
        #expect(self.value("MESSAGE", in: fields) == "Asset entered restricted zone")
        #expect(fields.filter { $0.hasPrefix("PRIORITY=") } == ["PRIORITY=6"])
        #expect(self.value("META_MESSAGE", in: fields) == "forged")
    }

    @Test(arguments: AlertMessageID.byKind.keys.sorted())
    func alertKindGetsItsMessageID(kind: String) throws {
        let fields = self.fields([LogKey.alertKind: .string(kind)], level: .warning)
        let id = try #require(self.value("MESSAGE_ID", in: fields))
        #expect(id == AlertMessageID.forKind(kind))
        #expect(self.value("ALERT_KIND", in: fields) == kind)
    }

    @Test func tenDistinctWellFormedAlertIDs() {
        let kinds = [
            "zone_enter", "zone_exit", "restricted_zone", "dwell", "not_seen", "low_battery", "sensor_high",
            "sensor_low", "gateway_offline", "after_hours",
        ]
        let ids = kinds.compactMap(AlertMessageID.forKind)
        #expect(ids.count == kinds.count)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.count == 32)
            #expect(id.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        }
    }

    @Test func unknownAlertKindHasNoMessageID() {
        let fields = self.fields([LogKey.alertKind: "made_up"])
        #expect(self.value("MESSAGE_ID", in: fields) == nil)
        #expect(self.value("ALERT_KIND", in: fields) == "made_up")
    }

    @Test func errorBecomesAField() {
        #expect(self.value("ERROR", in: self.fields(error: Refused())) == "connection refused")
        #expect(self.value("ERROR", in: self.fields()) == nil)
    }

    /// MESSAGE is what journalctl prints: a line break in it is escaped visibly; other fields keep
    /// the exact bytes (journald stores them binary-safe).
    @Test func multiLineValuesStayWhole() {
        let fields = JournalFields.make(
            message: "first\nsecond", level: .error, metadata: ["detail": "a\nb"], label: "x", file: "f",
            function: "g", line: 1)
        #expect(fields.first == "MESSAGE=first\\nsecond")
        #expect(fields.last == "DETAIL=a\nb")
    }
}
